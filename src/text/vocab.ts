import { foldCase, normalizeText, tokenize, type Piece } from './tokenize';

/** Class tokens at fixed ids, before punctuation and words. */
export const SPECIALS = ['<s>', '<unk>', '<num>', '<url>', '<code>', '<sym>'] as const;
export const BOS = 0, UNK = 1, NUM = 2, URL = 3, CODE = 4, SYM = 5;

/** Punctuation with its own token; any other symbol is <sym>. */
export const PUNCTUATION = [...'.,!?;:\'"()-/&*[]{}<>@#$%+=_~|\\^'] as const;

/**
 * Case-folded vocabulary: ids 0..5 specials, then punctuation, then words by frequency.
 * `display` holds how a word is shown mid-sentence ("i" → "I", "nasa" → "NASA").
 */
export class Vocabulary {
  readonly tokens: readonly string[];
  readonly display: readonly string[];
  readonly firstWord: number;
  private readonly index = new Map<string, number>();

  /** words: folded word forms (most frequent first); display: shown forms ('' = as folded). */
  constructor(words: readonly string[], display: readonly string[]) {
    this.tokens = [...SPECIALS, ...PUNCTUATION, ...words];
    this.firstWord = SPECIALS.length + PUNCTUATION.length;
    this.display = [...this.tokens.slice(0, this.firstWord), ...words.map((w, i) => display[i] || w)];
    this.tokens.forEach((t, i) => this.index.set(t, i));
  }

  get size(): number { return this.tokens.length; }
  get words(): readonly string[] { return this.tokens.slice(this.firstWord); }


  /** Id of a folded word, or undefined. */
  wordId(folded: string): number | undefined {
    const id = this.index.get(folded);
    return id !== undefined && id >= this.firstWord ? id : undefined;
  }

  /** The token id of one piece. */
  pieceId(p: Piece): number {
    switch (p.kind) {
      case 'word': return this.wordId(foldCase(p.text)) ?? UNK;
      case 'num': return NUM;
      case 'url': return URL;
      case 'code': return CODE;
      case 'break': return BOS;
      case 'punct': return this.index.get(p.text) ?? SYM;
    }
  }

  /** Token ids of a text, starting with <s> (the start of a field or document). */
  encode(text: string): number[] {
    const ids = [BOS];
    for (const p of tokenize(normalizeText(text))) ids.push(this.pieceId(p));
    return ids;
  }
}
