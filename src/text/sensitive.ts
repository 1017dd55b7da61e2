/**
 * Fields Inkling must never read or suggest in: passwords, payment cards, one-time
 * codes, PINs, national ids. Decided from the element's own attributes only.
 */

/** `autocomplete` tokens that mark secrets (cc-* is matched separately). */
const SECRET_AUTOCOMPLETE = new Set(['current-password', 'new-password', 'one-time-code']);

/**
 * Name-like attribute values that look like secrets. Matched on word-ish boundaries
 * so "pinned" or "mypinboard" are not caught, but "pin", "card_number", "cvv2", "ssn" are.
 */
const SECRET_NAME =
  /(^|[^a-z])(pass(word|wd|code)?|pwd|pin|otp|totp|2fa|mfa|cvv\d?|cvc\d?|csc|cid|ssn|sin|iban|cc|cc[-_\s]?(num|number|exp)?|card|cardnumber|card[-_\s]?num(ber)?|creditcard|security[-_\s]?code|verification[-_\s]?code|one[-_\s]?time|tax[-_\s]?id|social[-_\s]?security)([^a-z]|$)/i;

/** The attributes of a field that decide whether it is sensitive. */
export interface FieldAttributes {
  tagName: string;
  type?: string | null;
  autocomplete?: string | null;
  name?: string | null;
  id?: string | null;
  inputMode?: string | null;
  ariaLabel?: string | null;
  placeholder?: string | null;
}

/** True when a field must be left alone. */
export function isSensitiveField(field: FieldAttributes): boolean {
  if ((field.type ?? '').toLowerCase() === 'password') return true;
  const tokens = (field.autocomplete ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (tokens.some((t) => SECRET_AUTOCOMPLETE.has(t) || t.startsWith('cc-'))) return true;
  // Labels are prose in text areas ("Comment on this card"), so only inputs are judged by them.
  const labels = field.tagName.toUpperCase() === 'INPUT' ? [field.ariaLabel, field.placeholder] : [];
  const names = [field.name, field.id, ...labels].map((v) =>
    (v ?? '').replace(/([a-z])([A-Z])/g, '$1-$2'),
  );
  if (names.some((v) => SECRET_NAME.test(v))) return true;
  // A numeric keypad on a short field is how PIN and code inputs usually look.
  const mode = (field.inputMode ?? '').toLowerCase();
  return mode === 'numeric' && names.some((v) => /code|number|num|no\b/i.test(v));
}

/** Reads the deciding attributes of a DOM element. */
export function attributesOf(el: Element): FieldAttributes {
  return {
    tagName: el.tagName,
    type: el.getAttribute('type'),
    autocomplete: el.getAttribute('autocomplete'),
    name: el.getAttribute('name'),
    id: el.id,
    inputMode: el.getAttribute('inputmode'),
    ariaLabel: el.getAttribute('aria-label'),
    placeholder: el.getAttribute('placeholder'),
  };
}
