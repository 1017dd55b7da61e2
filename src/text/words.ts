import { classOf, codePointWidth, WORD_CHAR } from './char-class';
import { foldCase, hasNumber, normalizeText, tokenize, wordEnd, type PieceKind } from './tokenize';

/** A piece of text as personalization counts it: a word (with its key) or one other piece. */
export interface TextPiece {
  kind: Exclude<PieceKind, 'url' | 'code'>;
  /**
   * foldCase of a word or number: what the gate and the adapter score, and the key of the
   * n-gram, the caches and the vocabulary — except that the n-gram counts a number as `<num>`
   * and a link as one `<unk>` (classes it never suggests); a punctuation piece: itself
   */
  key: string;
  /** the piece as written (normalized) */
  text: string;
  /** offset into normalizeText(text) (the same as into the text when it is NFC) */
  start: number;
  /** for a word of a link, an address or a code-like identifier: where that piece starts */
  inLink?: number;
}

/** A word as personalization counts it. */
export type TextWord = TextPiece & { kind: 'word' };

/** The words inside a link, an address or an identifier, with their offsets in it. */
function innerWords(text: string): { word: string; at: number }[] {
  const out: { word: string; at: number }[] = [];
  for (let i = 0; i < text.length;) {
    const end = wordEnd(text, i);
    if (end < 0) { i += codePointWidth(text.codePointAt(i)!); continue; }
    out.push({ word: text.slice(i, end), at: i });
    i = end;
  }
  return out;
}

/**
 * The pieces of a text by the one definition every part of personalization uses: the
 * tokenizer's pieces of the normalized text (so "don’t" with a curly apostrophe is one word,
 * "don't"), keyed by foldCase; a link, an address or a code-like identifier is given as the
 * words it is made of ("www", "example", "com"), as the metrics count words, marked `inLink`.
 * Anything with a digit is a number.
 */
export function textPieces(text: string): TextPiece[] {
  const out: TextPiece[] = [];
  for (const p of tokenize(normalizeText(text))) {
    if (p.kind === 'url' || p.kind === 'code') {
      for (const { word, at } of innerWords(p.text)) {
        out.push({ kind: hasNumber(word) ? 'num' : 'word', key: foldCase(word), text: word, start: p.start + at, inLink: p.start });
      }
    } else {
      out.push({ kind: p.kind, key: p.kind === 'word' || p.kind === 'num' ? foldCase(p.text) : p.text, text: p.text, start: p.start });
    }
  }
  return out;
}

/** The words of a text (see textPieces). */
export function textWords(text: string): TextWord[] {
  return textPieces(text).filter((p): p is TextWord => p.kind === 'word');
}

/** What learning scores (the gate and the adapter): the words and the numbers, as written (folded). */
export function learnedPieces(text: string): TextPiece[] {
  return textPieces(text).filter((p) => p.kind === 'word' || p.kind === 'num');
}

/**
 * The last `max` characters of `text`, starting at a word: a window cut inside a word would
 * begin with a fragment (a different one each time it slides). Leading whitespace goes.
 */
export function lastChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.length - max;
  let tail = text.slice(cut);
  if (!/\s/.test(text[cut - 1] ?? ' ')) {
    const space = tail.search(/\s/);
    tail = space < 0 ? '' : tail.slice(space);
  }
  return tail.trimStart();
}

/** Whether a learned key is a word (not a boundary, punctuation or the number token). */
export const isWordKey = (k: string): boolean => k.length > 0 && (classOf(k.codePointAt(0)!) & WORD_CHAR) !== 0 && k !== '<num>';
