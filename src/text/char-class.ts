/**
 * Unicode classes of code points, as the tokenizer needs them, remembered per code point. The
 * tokenizer used one large regular expression of Unicode properties instead: V8 drops a
 * regular expression's compiled code in a full garbage collection, and compiling that one again
 * took 4–13 ms, in the middle of a keystroke's prediction or a learning slice. Here a small
 * expression is asked only about a code point not seen before, and the answers stay.
 */

export const LETTER = 1;
export const NUMBER = 2;
export const MARK = 4;
export const LOWER = 8;
export const UPPER = 16;
/** White space as `\s` means it. */
export const SPACE = 32;
/** What a word is made of: \p{L}\p{N}\p{M}. */
export const WORD_CHAR = LETTER | NUMBER | MARK;
const KNOWN = 128;

const CLASS_RE = /^(?:(\p{Lu})|(\p{Ll})|(\p{L})|(\p{N})|(\p{M})|(\s))$/u;
const bmp = new Uint8Array(0x10000);
const astral = new Map<number, number>();

function lookUp(cp: number): number {
  const m = CLASS_RE.exec(String.fromCodePoint(cp));
  const bits = !m ? 0 : m[1] ? LETTER | UPPER : m[2] ? LETTER | LOWER : m[3] ? LETTER : m[4] ? NUMBER : m[5] ? MARK : SPACE;
  return bits | KNOWN;
}

/** The class bits of code point `cp` (LETTER, NUMBER, MARK, LOWER, UPPER, SPACE; 0 for anything else). */
export function classOf(cp: number): number {
  if (cp < 0x10000) {
    let c = bmp[cp]!;
    if (c === 0) bmp[cp] = c = lookUp(cp);
    return c & ~KNOWN;
  }
  let c = astral.get(cp);
  if (c === undefined) astral.set(cp, (c = lookUp(cp)));
  return c & ~KNOWN;
}

/** How many UTF-16 units code point `cp` takes. */
export const codePointWidth = (cp: number): number => (cp > 0xffff ? 2 : 1);

/** The code point that ends `text` (a surrogate pair read as one), or -1 for ''. */
export function lastCodePoint(text: string): number {
  const n = text.length;
  if (n === 0) return -1;
  const low = text.charCodeAt(n - 1);
  if (n > 1 && low >= 0xdc00 && low <= 0xdfff) {
    const high = text.charCodeAt(n - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(n - 2)!;
  }
  return low;
}

/** One letter, with any combining marks on it (\p{L}\p{M}*). */
export function isOneLetter(text: string): boolean {
  if (text === '') return false;
  const first = text.codePointAt(0)!;
  if ((classOf(first) & LETTER) === 0) return false;
  for (let i = codePointWidth(first); i < text.length;) {
    const cp = text.codePointAt(i)!;
    if ((classOf(cp) & MARK) === 0) return false;
    i += codePointWidth(cp);
  }
  return true;
}

/** `text` without its combining marks (\p{M}). */
export function withoutMarks(text: string): string {
  let out = '', from = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!, w = codePointWidth(cp);
    if (classOf(cp) & MARK) { out += text.slice(from, i); from = i + w; }
    i += w;
  }
  return from === 0 ? text : out + text.slice(from);
}
