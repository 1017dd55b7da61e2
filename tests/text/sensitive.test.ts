import { describe, expect, it } from 'vitest';
import { isSensitiveField, type FieldAttributes } from '../../src/text/sensitive';

const input = (attrs: Partial<FieldAttributes>): FieldAttributes => ({ tagName: 'INPUT', ...attrs });

describe('isSensitiveField', () => {
  it.each([
    ['a password', input({ type: 'password' })],
    ['a PASSWORD type in capitals', input({ type: 'PASSWORD' })],
    ['a card number by autocomplete', input({ autocomplete: 'cc-number' })],
    ['a card expiry in a section', input({ autocomplete: 'section-pay billing cc-exp' })],
    ['a one-time code', input({ autocomplete: 'one-time-code' })],
    ['a current password', input({ autocomplete: 'current-password' })],
    ['a new password', input({ autocomplete: 'new-password' })],
    ['a CVV by name', input({ name: 'cvv' })],
    ['a CVC2 by id', input({ id: 'card-cvc2' })],
    ['a card number in camelCase', input({ name: 'cardNumber' })],
    ['an SSN', input({ name: 'ssn' })],
    ['a PIN', input({ id: 'userPin' })],
    ['an OTP', input({ name: 'otp_code' })],
    ['a security code placeholder', input({ placeholder: 'Security code' })],
    ['a numeric verification code', input({ inputMode: 'numeric', name: 'verify-code' })],
    ['a textarea named password', { tagName: 'TEXTAREA', name: 'password' }],
  ])('leaves alone %s', (_name, attrs) => {
    expect(isSensitiveField(attrs)).toBe(true);
  });

  it.each([
    ['a plain input', input({})],
    ['a search box', input({ type: 'search', name: 'q', autocomplete: 'off' })],
    ['a name field', input({ autocomplete: 'name', name: 'full_name' })],
    ['a pinned-note field', input({ name: 'pinned_note' })],
    ['a passenger field', input({ name: 'passenger' })],
    ['a comment box about a card', { tagName: 'TEXTAREA', placeholder: 'Comment on this card' }],
    ['a shipping address', input({ name: 'shipping-address' })],
  ])('reads %s', (_name, attrs) => {
    expect(isSensitiveField(attrs)).toBe(false);
  });
});
