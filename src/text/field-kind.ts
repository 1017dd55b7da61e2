/**
 * Which fields hold prose (where next-word suggestions help) and which hold data: names,
 * addresses, e-mail, phone, URLs, user names, codes, numbers, or program code. Decided from
 * the field's own attributes and label, in English and Portuguese; pure, so it is a table test.
 */

/** prose: suggest; data: a name, address, number…; code: a program (suggested only if the user asks). */
export type FieldKind = 'prose' | 'data' | 'code';

/** What is read of a field to judge its kind. */
export interface FieldDescription {
  tagName: string;
  type?: string | null;
  autocomplete?: string | null;
  inputMode?: string | null;
  name?: string | null;
  id?: string | null;
  /** The field's visible label, aria-label, placeholder and title, joined. */
  label?: string | null;
  /** Inside a code editor's DOM (CodeMirror, Monaco, Ace). */
  inCodeEditor?: boolean;
  /** `spellcheck="false"` and a monospace font: how plain code fields look. */
  monospaceNoSpellcheck?: boolean;
}

/** `autocomplete` tokens for data a person fills in, never prose (HTML's autofill field names). */
const DATA_AUTOCOMPLETE = new Set([
  'name', 'honorific-prefix', 'given-name', 'additional-name', 'family-name', 'honorific-suffix', 'nickname',
  'username', 'organization', 'organization-title', 'street-address', 'address-line1', 'address-line2',
  'address-line3', 'address-level1', 'address-level2', 'address-level3', 'address-level4', 'country',
  'country-name', 'postal-code', 'transaction-currency', 'transaction-amount', 'language', 'bday', 'bday-day',
  'bday-month', 'bday-year', 'sex', 'url', 'photo', 'email', 'impp', 'tel', 'tel-country-code', 'tel-national',
  'tel-area-code', 'tel-local', 'tel-local-prefix', 'tel-local-suffix', 'tel-extension',
]);

const DATA_INPUT_MODES = new Set(['numeric', 'decimal', 'tel', 'email', 'url']);

/** Words in a field's name, id or label that mean data (English and Portuguese, accents removed). */
const DATA_WORDS = new Set([
  'name', 'names', 'firstname', 'lastname', 'fullname', 'surname', 'nickname', 'nome', 'sobrenome', 'apelido',
  'company', 'organization', 'organisation', 'org', 'employer', 'empresa', 'organizacao', 'instituicao',
  'address', 'street', 'city', 'town', 'state', 'province', 'region', 'zip', 'zipcode', 'postal', 'postcode',
  'country', 'endereco', 'rua', 'logradouro', 'bairro', 'cidade', 'municipio', 'estado', 'uf', 'cep', 'pais',
  'email', 'mail', 'phone', 'telephone', 'tel', 'mobile', 'cell', 'fax', 'telefone', 'celular', 'whatsapp',
  'url', 'website', 'homepage', 'link', 'domain', 'site', 'username', 'user', 'login', 'handle', 'account',
  'usuario', 'conta', 'code', 'coupon', 'voucher', 'promo', 'codigo', 'cupom', 'number', 'numero',
  'num', 'qty', 'quantity', 'amount', 'price', 'quantidade', 'valor', 'preco', 'cpf', 'cnpj', 'rg', 'date',
  'data', 'birthday', 'nascimento', 'age', 'idade', 'year', 'ano', 'isbn', 'sku', 'color', 'cor',
]);

/** Words that say a field is for prose even when a data word is there too ("subject", "message to company"). */
const PROSE_WORDS = new Set([
  'subject', 'title', 'comment', 'comments', 'message', 'body', 'text', 'content', 'description', 'summary',
  'note', 'notes', 'reply', 'post', 'chat', 'search', 'query', 'q', 'caption', 'bio', 'about', 'feedback',
  'review', 'status', 'assunto', 'titulo', 'comentario', 'comentarios', 'mensagem', 'texto', 'conteudo',
  'descricao', 'resumo', 'nota', 'notas', 'resposta', 'busca', 'pesquisa', 'pesquisar', 'buscar', 'legenda',
  'sobre', 'opiniao', 'avaliacao',
]);

/** The words of an attribute value: split at case changes, punctuation and digits; lowercase, no accents. */
export function wordsOf(value: string | null | undefined): string[] {
  return (value ?? '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** The kind of a text field (input, textarea or editable root). */
export function fieldKind(field: FieldDescription): FieldKind {
  if (field.inCodeEditor || field.monospaceNoSpellcheck) return 'code';
  const tokens = (field.autocomplete ?? '').toLowerCase().split(/\s+/);
  if (tokens.some((t) => DATA_AUTOCOMPLETE.has(t))) return 'data';
  if (DATA_INPUT_MODES.has((field.inputMode ?? '').toLowerCase())) return 'data';
  const tag = field.tagName.toUpperCase();
  if (tag !== 'INPUT' && tag !== 'TEXTAREA') return 'prose';
  const names = [...wordsOf(field.name), ...wordsOf(field.id)];
  // A textarea's label is prose ("Tell us about your company"); its name and id are not.
  const labels = tag === 'INPUT' ? wordsOf(field.label) : [];
  if (names.some((w) => PROSE_WORDS.has(w))) return 'prose';
  if (names.some((w) => DATA_WORDS.has(w))) return 'data';
  if (labels.some((w) => PROSE_WORDS.has(w))) return 'prose';
  if (labels.some((w) => DATA_WORDS.has(w))) return 'data';
  return 'prose';
}

/**
 * The token being typed at the end of `textBeforeCaret` is not a word: an e-mail address,
 * URL, domain, file path, @mention, #tag or :emoji:. Nothing is suggested inside one.
 */
export function inDataToken(textBeforeCaret: string): boolean {
  // Scanned back from the end: a regex anchored at $ would retry from every start (quadratic).
  let start = textBeforeCaret.length;
  while (start > 0 && !/\s/u.test(textBeforeCaret[start - 1]!)) start--;
  const token = textBeforeCaret.slice(start);
  if (token === '') return false;
  if (/^[@#]/u.test(token)) return true; // @mention, #tag
  if (/^:[\p{L}\d_+-]*$/u.test(token)) return true; // :emoji being typed
  if (token.includes('@')) return true; // e-mail address
  if (/[/\\]|^~|^\./u.test(token)) return true; // URL or path
  if (/\p{L}\.\p{L}/u.test(token) && !/^(\p{L}\.)+\p{L}?$/u.test(token)) return true; // domain, file name (not "e.g")
  if (/\d/u.test(token) && /\p{L}/u.test(token)) return true; // codes and ids: "A12", "x86"
  return /[_=<>{}[\]|^`$%&*+]/u.test(token); // identifiers and markup
}
