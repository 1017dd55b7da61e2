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

/** One word as the metrics define it (letters/digits joined by inner apostrophes). */
export const WORD_SOURCE = "[\\p{L}\\p{N}\\p{M}]+(?:'[\\p{L}\\p{N}\\p{M}]+)*";

// The e-mail local part is bounded (64, as RFC 5321 allows): unbounded, every position of a long
// run like "a.b.c…" rescans the whole run looking for '@', which is quadratic (40 k chars: 3 s).
const PIECE_RE = new RegExp(
  [
    "(?<url>(?:https?://|www\\.)[^\\s<>\"']+|[\\p{L}\\p{N}._%+-]{1,64}@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+)",
    `(?<word>${WORD_SOURCE}(?:_[\\p{L}\\p{N}_]*)?)`,
    '(?<brk>\\n)',
    '(?<punct>[^\\s])',
  ].join('|'),
  'gu',
);

const HAS_DIGIT = /\p{N}/u;
const CODE_LIKE = /_|\p{Ll}\p{Lu}/u; // snake_case or camelCase

/** Typographic apostrophes and quotes to ASCII, NFC; keeps offsets one-to-one where it can. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/[\u2018\u2019\u201b\u2032\u00b4`]/g, "'").replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
}

/** Splits already-normalised text into pieces. */
export function tokenize(text: string): Piece[] {
  const out: Piece[] = [];
  for (const m of text.matchAll(PIECE_RE)) {
    const g = m.groups!, start = m.index!;
    if (g.url) out.push({ kind: 'url', text: g.url, start });
    else if (g.word) out.push({ kind: classifyWord(g.word), text: g.word, start });
    else if (g.brk) out.push({ kind: 'break', text: '\n', start });
    else out.push({ kind: 'punct', text: g.punct, start });
  }
  return out;
}

function classifyWord(w: string): PieceKind {
  if (HAS_DIGIT.test(w)) return 'num';
  if (CODE_LIKE.test(w) || w.length > 40) return 'code';
  return 'word';
}

/** Case folding used for vocabulary keys (locale-independent). */
export function foldCase(word: string): string {
  return word.toLowerCase();
}
