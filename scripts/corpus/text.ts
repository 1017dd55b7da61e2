/**
 * Text helpers shared by the corpus builders. They mirror
 * `/work/shared/eval/kit/textutil.py` (`normalize`, `is_prose`, `WORD_RE`) so the
 * training text is cleaned the same way as the evaluation text.
 */

/** A word: a run of letters/digits, optionally joined by internal apostrophes. Same rule as the metrics. */
export const WORD_RE = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

// Typographic characters and their ASCII replacements (textutil.py `_QUOTES`).
const ASCII_FOR: Readonly<Record<string, string>> = Object.freeze({
  '\u2018': "'", '\u2019': "'", '\u201b': "'", '\u2032': "'", '\u00b4': "'", '`': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u00ab': '"', '\u00bb': '"',
  '\u2013': '-', '\u2014': ' - ', '\u2212': '-', '\u2026': '...',
  '\u00a0': ' ', '\u2009': ' ', '\u200b': '', '\ufeff': '', '\u00ad': '',
});
const TYPOGRAPHIC_RE = new RegExp(`[${Object.keys(ASCII_FOR).join('')}]`, 'gu');
const CONTROL_RE = /(?![\n\t])\p{C}/gu;

// A token counts as alphabetic if it is letters (with inner ' or -) wrapped in light punctuation.
const ALPHA_TOKEN_RE = /^["'(\[]*\p{L}+(?:['-]\p{L}+)*["')\].,;:!?]*$/u;
const CODE_SYMBOLS = new Set('{}[]<>=|\\#$%^*~/@_');

/** NFC, typographic quotes/dashes to ASCII, control characters to spaces, runs of blanks collapsed. */
export function normalize(text: string): string {
  return text
    .normalize('NFC')
    .replace(TYPOGRAPHIC_RE, (ch) => ASCII_FOR[ch] ?? ch)
    .replace(CONTROL_RE, ' ')
    .replace(/[ \t]+/g, ' ');
}

/** Collapses all whitespace (including newlines) to single spaces and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Normalizes one paragraph and squashes it onto a single line. */
export function cleanParagraph(text: string): string {
  return squash(normalize(text));
}

/**
 * Crude prose test for a paragraph (textutil.py `is_prose`): at least `minWords`
 * whitespace tokens, a share of at least `minAlpha` alphabetic tokens, and at most
 * 5 % code symbols among its characters.
 */
export function isProse(paragraph: string, minWords = 3, minAlpha = 0.6): boolean {
  const tokens = paragraph.split(/\s+/).filter(Boolean);
  if (tokens.length < minWords) return false;
  const alpha = tokens.filter((t) => ALPHA_TOKEN_RE.test(t)).length;
  if (alpha / tokens.length < minAlpha) return false;
  let symbols = 0;
  let chars = 0; // code points, as Python's len()
  for (const ch of paragraph) {
    chars++;
    if (CODE_SYMBOLS.has(ch)) symbols++;
  }
  return symbols / Math.max(1, chars) <= 0.05;
}

/** Number of words in `text` under {@link WORD_RE}. */
export function countWords(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(WORD_RE)) n++;
  return n;
}
