import { classOf, codePointWidth as width, LETTER, LOWER, NUMBER, SPACE, UPPER, WORD_CHAR } from './char-class';

/**
 * Text → pieces. A word is a run of Unicode letters/digits joined by inner apostrophes (the
 * definition of ../shared/eval/METRICS.md); URLs, e-mail addresses, numbers and code-like words
 * become class pieces so they never turn into suggestions; every other visible character is a
 * punctuation piece; a newline is a paragraph break.
 */
export type PieceKind = 'word' | 'num' | 'url' | 'code' | 'punct' | 'break';

export interface Piece {
  kind: PieceKind;
  /** the text as written (NFC, apostrophes normalised) */
  text: string;
  /** offset of the piece in the normalised text */
  start: number;
}

/** An address's and a snake_case tail's parts are letters and numbers (a word's may be marks too). */
const ALNUM = LETTER | NUMBER;
/** Code points of an e-mail's local part besides letters and numbers. */
const LOCAL_EXTRA = new Set(['.', '_', '%', '+', '-']);
/** The e-mail local part is bounded (64 code points, as RFC 5321 allows), so a long run costs no rescan of it. */
const MAX_LOCAL = 64;
const LINK_END = new Set(['<', '>', '"', "'"]);
const HYPHEN = new Set(['-']);
const UNDERSCORE = new Set(['_']);

const cpAt = (text: string, i: number) => text.codePointAt(i)!;
const isIn = (text: string, i: number, bits: number) => i < text.length && (classOf(cpAt(text, i)) & bits) !== 0;

/** The end of the run of code points from `i` in the classes `bits` (or among `extra`). */
function runEnd(text: string, i: number, bits: number, extra?: ReadonlySet<string>): number {
  while (i < text.length) {
    const cp = cpAt(text, i);
    if ((classOf(cp) & bits) === 0 && !extra?.has(text[i]!)) break;
    i += width(cp);
  }
  return i;
}

/** A link (http://, https://, www.) from `i`: its end, or -1. */
function linkEnd(text: string, i: number): number {
  const head = text.startsWith('https://', i) ? 8 : text.startsWith('http://', i) ? 7 : text.startsWith('www.', i) ? 4 : 0;
  if (head === 0) return -1;
  let j = i + head;
  while (j < text.length && !LINK_END.has(text[j]!) && (classOf(text.charCodeAt(j)) & SPACE) === 0) j++;
  return j > i + head ? j : -1;
}

/** An e-mail address from `i` (local@domain.tld): its end, or -1. */
function addressEnd(text: string, i: number): number {
  let j = i, n = 0;
  while (j < text.length && n <= MAX_LOCAL) {
    const cp = cpAt(text, j);
    if ((classOf(cp) & ALNUM) === 0 && !LOCAL_EXTRA.has(text[j]!)) break;
    j += width(cp); n++;
  }
  if (n === 0 || n > MAX_LOCAL || text[j] !== '@') return -1;
  let end = runEnd(text, j + 1, ALNUM, HYPHEN);
  if (end === j + 1) return -1;
  let labels = 0;
  while (text[end] === '.') {
    const next = runEnd(text, end + 1, ALNUM, HYPHEN);
    if (next === end + 1) break;
    end = next; labels++;
  }
  return labels > 0 ? end : -1;
}

/** A word from `i` (letters, numbers and marks joined by inner apostrophes): its end, or -1. */
export function wordEnd(text: string, i: number): number {
  if (!isIn(text, i, WORD_CHAR)) return -1;
  let j = runEnd(text, i, WORD_CHAR);
  while (text[j] === "'" && isIn(text, j + 1, WORD_CHAR)) j = runEnd(text, j + 1, WORD_CHAR);
  return j;
}

/** Whether a word has a number in it. */
export function hasNumber(word: string): boolean {
  for (let i = 0; i < word.length;) {
    const cp = cpAt(word, i);
    if (classOf(cp) & NUMBER) return true;
    i += width(cp);
  }
  return false;
}

/** snake_case or camelCase: an underscore, or a lower-case letter right before a capital. */
function codeLike(word: string): boolean {
  let lower = false;
  for (let i = 0; i < word.length;) {
    const cp = cpAt(word, i), c = classOf(cp);
    if (word[i] === '_' || (lower && c & UPPER)) return true;
    lower = (c & LOWER) !== 0;
    i += width(cp);
  }
  return false;
}

/** Typographic apostrophes and quotes to ASCII, NFC; keeps offsets one-to-one where it can. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/[\u2018\u2019\u201b\u2032\u00b4`]/g, "'").replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
}

/**
 * Splits already-normalised text into pieces: at each place, a link or an address, else a word
 * (with a snake_case tail), else a newline, else one visible character; white space between.
 */
export function tokenize(text: string): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < text.length;) {
    const cp = cpAt(text, i);
    let end = linkEnd(text, i);
    if (end < 0) end = addressEnd(text, i);
    if (end >= 0) {
      out.push({ kind: 'url', text: text.slice(i, end), start: i });
    } else if ((end = wordEnd(text, i)) >= 0) {
      if (text[end] === '_') end = runEnd(text, end + 1, ALNUM, UNDERSCORE);
      const word = text.slice(i, end);
      out.push({ kind: classifyWord(word), text: word, start: i });
    } else if (text[i] === '\n') {
      out.push({ kind: 'break', text: '\n', start: i });
      end = i + 1;
    } else {
      end = i + width(cp);
      if ((classOf(cp) & SPACE) === 0) out.push({ kind: 'punct', text: text.slice(i, end), start: i });
    }
    i = end;
  }
  return out;
}

function classifyWord(w: string): PieceKind {
  if (hasNumber(w)) return 'num';
  if (codeLike(w) || w.length > 40) return 'code';
  return 'word';
}

/** Case folding used for vocabulary keys (locale-independent). */
export function foldCase(word: string): string {
  return word.toLowerCase();
}
