import type { BaseModel } from './base-model';
import { TopK, type Scored } from './math';
import { UNK } from '../text/vocab';
import { textWords } from '../text/words';
import { matchKey, PrefixIndex } from '../text/prefix-index';
import { applyCasing } from '../text/casing';

export type { Scored } from './math';

/** Share of p(<unk>) given to a word known only from the user's own writing. */
const UNSEEN_WORD_SHARE = 1e-3;
/** Share of p(<unk>) given to a word the user added to their vocabulary (a completion only). */
const USER_WORD_SHARE = 0.1;
/** Extra base candidates re-scored when a rescorer (the user's memory) is given. */
const RESCORED_POOL = 12;
/**
 * Probability kept by a word that is one of the last three words of the sentence being written.
 * The models over-predict such echoes: on en dev the v1 model's first suggestion repeated one of
 * them 2.6× as often as the writers did (3.0× after learning three mails); halving their
 * probability brings that to 1.2× / 1.3× for −0.02 KSR points (`../shared/eval/echo.py`).
 */
export const ECHO_DAMPING = 0.5;

/**
 * A second opinion on the candidates (the user's memory, supplied from above): its own
 * candidates for a typed prefix, and each word's probability given the base's.
 */
export interface Rescorer {
  candidates(prefix: string): Iterable<string>;
  p(key: string, pBase: number): number;
}

export interface RankerOptions {
  /** probability factor of a word that echoes the sentence's last three (default ECHO_DAMPING) */
  echoDamping?: number;
}

/**
 * Candidate ranking over a base distribution: the model's words and its lexicon of rarer words
 * by typed prefix (accents optional), the user's added words, damping of echoes, blocked words,
 * an optional rescorer, and how each word is cased for insertion.
 */
export class CandidateRanker {
  private readonly index: PrefixIndex;
  private readonly lexShare: Float32Array;
  private readonly lexIndex = new Map<string, number>();
  private readonly echoDamping: number;
  /** Words the user added that the model does not know: folded key → match key and spelling. */
  private userWords = new Map<string, { match: string; display: string }>();
  private blocked: ReadonlySet<string> = new Set();
  /** (V) 1 for a vocabulary word that is blocked: checked in the per-keystroke loop without hashing */
  private readonly blockedIds: Uint8Array;

  constructor(private readonly base: BaseModel, options: RankerOptions = {}) {
    const { vocab, model: { lexicon: lex } } = base, words = vocab.words;
    const ids = new Int32Array(words.length + lex.words.length);
    for (let i = 0; i < words.length; i++) ids[i] = vocab.firstWord + i;
    for (let i = 0; i < lex.words.length; i++) { ids[words.length + i] = -1 - i; this.lexIndex.set(lex.words[i], i); } // lexicon ids are negative
    this.index = new PrefixIndex([...words, ...lex.words], ids);
    let total = 0;
    for (const c of lex.counts) total += c;
    this.lexShare = Float32Array.from(lex.counts, (c) => c / Math.max(1, total));
    this.blockedIds = new Uint8Array(vocab.size);
    this.echoDamping = options.echoDamping ?? ECHO_DAMPING;
  }

  /** Whether the model knows the folded word (vocabulary or lexicon). */
  knows(key: string): boolean { return this.base.vocab.wordId(key) !== undefined || this.lexIndex.has(key); }

  /**
   * Words the user added to their vocabulary (folded `word`, `display` as they spelled it): the
   * ones the model does not know become completions of their first letters.
   */
  setUserWords(words: readonly { word: string; display: string }[]): void {
    this.userWords = new Map(words.filter((w) => !this.knows(w.word)).map((w) => [w.word, { match: matchKey(w.word), display: w.display }]));
  }

  /** Folded words never offered. */
  setBlocked(keys: ReadonlySet<string>): void {
    this.blocked = new Set(keys);
    this.blockedIds.fill(0);
    for (const key of keys) { const id = this.base.vocab.wordId(key); if (id !== undefined) this.blockedIds[id] = 1; }
  }

  /** The k best candidates for the word after `context` starting with `prefix`, under `probs` (and the rescorer), best first. */
  rank(probs: Float32Array, context: string, prefix: string, k: number, rescorer?: Rescorer): Scored[] {
    if (k <= 0) return [];
    const top = new TopK(rescorer ? k + RESCORED_POOL : k), { tokens, firstWord } = this.base.vocab;
    const echoes = sentenceTail(context), damp = this.echoDamping, blockedIds = this.blockedIds;
    const [e0 = -1, e1 = -1, e2 = -1] = [...echoes].map((key) => this.base.vocab.wordId(key) ?? -1);
    const baseP = (id: number) => (id === e0 || id === e1 || id === e2 ? probs[id] * damp : probs[id]);
    if (!prefix) {
      for (let id = firstWord; id < probs.length; id++) { const p = baseP(id); if (top.wants(p) && !blockedIds[id]) top.offer(tokens[id], p); }
    } else {
      const unk = probs[UNK], lex = this.base.model.lexicon.words;
      for (const id of this.index.lookup(prefix)) {
        const p = id >= 0 ? baseP(id) : unk * this.lexShare[-1 - id];
        if (!top.wants(p)) continue;
        const key = id >= 0 ? tokens[id] : lex[-1 - id];
        if (id >= 0 ? !blockedIds[id] : !this.blocked.has(key)) top.offer(key, p);
      }
      if (this.userWords.size) {
        const match = matchKey(prefix), p = unk * USER_WORD_SHARE;
        for (const [key, u] of this.userWords) if (u.match.startsWith(match) && top.wants(p) && !this.blocked.has(key)) top.offer(key, p);
      }
    }
    // The pool holds k + RESCORED_POOL when there is a rescorer: return only the k asked for.
    if (!rescorer) return top.items.slice(0, k);
    // The pool was chosen with echoes damped; the rescorer takes their plain probability and is damped as a whole.
    const pool = new Map(top.items.map((s) => [s.key, echoes.has(s.key) ? this.baseProb(s.key, probs) : s.p]));
    for (const key of rescorer.candidates(prefix)) if (!pool.has(key) && !this.blocked.has(key)) pool.set(key, this.baseProb(key, probs));
    const out = new TopK(k);
    for (const [key, pb] of pool) {
      const p = rescorer.p(key, pb) * (echoes.has(key) ? damp : 1);
      if (out.wants(p)) out.offer(key, p);
    }
    return out.items;
  }

  /** p_base of a folded word under a distribution (vocabulary, lexicon, or unseen). */
  baseProb(key: string, probs: Float32Array): number {
    const id = this.base.vocab.wordId(key);
    if (id !== undefined) return probs[id];
    const li = this.lexIndex.get(key);
    return probs[UNK] * (li !== undefined ? this.lexShare[li] : UNSEEN_WORD_SHARE);
  }

  /** Candidates as inserted: `own` spelling (the user's), else the user's added word, the model's casing table or the lexicon's; cased for the context and what was typed. */
  cased(items: readonly Scored[], context: string, prefix: string, own?: (key: string) => string | undefined): string[] {
    return items.map((s) => applyCasing(own?.(s.key) ?? this.shown(s.key), context, prefix));
  }

  private shown(key: string): string {
    const added = this.userWords.get(key)?.display;
    if (added) return added;
    const id = this.base.vocab.wordId(key);
    if (id !== undefined) return this.base.vocab.display[id];
    const li = this.lexIndex.get(key);
    return li !== undefined ? this.base.model.lexicon.display[li] || key : key;
  }
}

/** Folded keys of the last three words of the sentence `context` ends in (after its last . ! or ?). */
export function sentenceTail(context: string): Set<string> {
  const tail = context.slice(-300), cut = Math.max(tail.lastIndexOf('. '), tail.lastIndexOf('! '), tail.lastIndexOf('? '), tail.lastIndexOf('\n'));
  return new Set(textWords(tail.slice(cut + 1)).slice(-3).map((w) => w.key));
}
