import { foldCase, normalizeText, tokenize } from './tokenize';

/** A word as personalization counts it: its key, as written, and where it is in the normalized text. */
export interface TextWord {
  /** foldCase of the word: the key of the n-gram, the gate, the adapter, the caches and the vocabulary */
  key: string;
  /** the word as written (normalized) */
  text: string;
  /** offsets into normalizeText(text) (the same as into the text when it is NFC) */
  start: number;
  end: number;
}

/**
 * The words of a text, by the one definition every part of personalization uses: the
 * tokenizer's word pieces of the normalized text (so "don’t" with a curly apostrophe is one
 * word, "don't", and numbers, links and code-like identifiers are not words), keyed by foldCase.
 */
export function textWords(text: string): TextWord[] {
  const out: TextWord[] = [];
  for (const p of tokenize(normalizeText(text))) {
    if (p.kind === 'word') out.push({ key: foldCase(p.text), text: p.text, start: p.start, end: p.start + p.text.length });
  }
  return out;
}
