import { describe, expect, it } from 'vitest';
import { fieldKind, inDataToken, type FieldDescription } from '../../src/text/field-kind';

const input = (d: Partial<FieldDescription>): FieldDescription => ({ tagName: 'INPUT', ...d });

describe('fieldKind', () => {
  it.each<[string, FieldDescription, ReturnType<typeof fieldKind>]>([
    ['a plain textarea', { tagName: 'TEXTAREA' }, 'prose'],
    ['an untyped input with no hints', input({}), 'prose'],
    ['a subject line', input({ name: 'subject', label: 'Subject' }), 'prose'],
    ['a search box', input({ type: 'search', name: 'q' }), 'prose'],
    ['a chat input', input({ label: 'Message #general' }), 'prose'],
    ['a title (pt)', input({ id: 'titulo', label: 'Título' }), 'prose'],
    ['autocomplete=name', input({ autocomplete: 'name' }), 'data'],
    ['autocomplete with a section', input({ autocomplete: 'section-a shipping street-address' }), 'data'],
    ['autocomplete=organization', input({ autocomplete: 'organization' }), 'data'],
    ['autocomplete=off says nothing', input({ autocomplete: 'off', name: 'title' }), 'prose'],
    ['inputmode=email', input({ inputMode: 'email' }), 'data'],
    ['inputmode=numeric', input({ inputMode: 'numeric' }), 'data'],
    ['name=fullName', input({ name: 'fullName' }), 'data'],
    ['id=company', input({ id: 'company' }), 'data'],
    ['an e-mail typed into a type=text field', input({ name: 'contact', label: 'E-mail' }), 'data'],
    ['Portuguese labels: Cidade', input({ label: 'Cidade' }), 'data'],
    ['Portuguese labels: Endereço', input({ label: 'Endereço' }), 'data'],
    ['Portuguese labels: Nome completo', input({ label: 'Nome completo' }), 'data'],
    ['user name', input({ id: 'user_name' }), 'data'],
    ['coupon code', input({ name: 'couponCode' }), 'data'],
    ['a prose name beats a data label', input({ name: 'comment', label: 'Comment on this company' }), 'prose'],
    ['a textarea labelled by a data word is still prose', { tagName: 'TEXTAREA', label: 'Tell us about your company' }, 'prose'],
    ['a textarea named address is data', { tagName: 'TEXTAREA', name: 'address' }, 'data'],
    ['a textarea with autocomplete=street-address', { tagName: 'TEXTAREA', autocomplete: 'street-address' }, 'data'],
    ['a code editor', { tagName: 'DIV', inCodeEditor: true }, 'code'],
    ['spellcheck=false in monospace', { tagName: 'TEXTAREA', monospaceNoSpellcheck: true }, 'code'],
    ['a rich editor', { tagName: 'DIV' }, 'prose'],
  ])('%s', (_name, field, kind) => {
    expect(fieldKind(field)).toBe(kind);
  });
});

describe('inDataToken', () => {
  it.each<[string, boolean]>([
    ['I would like to th', false],
    ['', false],
    ['Hello ', false],
    ['Thanks @al', true],
    ['see #12', true],
    ['see #ta', true],
    ['nice :smi', true],
    ['anna@acme.co', true],
    ['mail me at anna@', true],
    ['go to https://exa', true],
    ['open www.exam', true],
    ['acme.co', true],
    ['edit src/page/ty', true],
    ['C:\\Users\\an', true],
    ['~/Docu', true],
    ['index.j', true],
    ['e.g', false],
    ['i.e', false],
    ['it costs 10 dol', false],
    ['model A12', true],
    ['my_var', true],
    ['Good. Th', false],
    ['"Quoted wor', false],
    ["it's fin", false],
  ])('%j → %s', (text, inside) => {
    expect(inDataToken(text)).toBe(inside);
  });
});
