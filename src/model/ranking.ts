import type { BaseModel } from './base-model';
import { TopK, type Scored } from './math';
import { UNK } from '../text/vocab';
import { textWords } from '../text/words';
import { matchKey, PrefixIndex } from '../text/prefix-index';
import { applyCasing } from '../text/casing';
import { keyboardFor, typoVariants, CHANNEL, type ChannelWeights, type Keyboard } from './typo-channel';

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
  /** Up to `limit` of the user's own words starting with a match key, most used first (for corrections). */
  ownWords?(key: string, limit: number): Iterable<string>;
}

export interface RankerOptions {
  /** probability factor of a word that echoes the sentence's last three (default ECHO_DAMPING) */
  echoDamping?: number;
  /** offer the word meant after a slip of the keyboard (default true) */
  typos?: boolean;
  /** the noisy channel's weights (default CHANNEL) */
  channel?: ChannelWeights;
}

/** The user's own words looked up per corrected prefix. */
const OWN_PER_VARIANT = 4;

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
  private readonly keyboard: Keyboard | undefined;
  private readonly channel: ChannelWeights;
  /** (index positions) scratch: the best slip's penalty reaching each word, zero between calls */
  private readonly penaltyAt: Float32Array;
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
    this.penaltyAt = new Float32Array(this.index.size);
    let total = 0;
    for (const c of lex.counts) total += c;
    this.lexShare = Float32Array.from(lex.counts, (c) => c / Math.max(1, total));
    this.blockedIds = new Uint8Array(vocab.size);
    this.echoDamping = options.echoDamping ?? ECHO_DAMPING;
    this.keyboard = options.typos === false ? undefined : keyboardFor(base.model.meta.lang);
    this.channel = options.channel ?? CHANNEL;
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

  /**
   * The k best candidates for the word after `context` starting with `prefix` — or, at a
   * penalty for the slip, with a prefix one keyboard slip away from it — under `probs` (and the
   * rescorer), best first.
   */
  rank(probs: Float32Array, context: string, prefix: string, k: number, rescorer?: Rescorer): Scored[] {
    if (k <= 0) return [];
    const spare = this.keyboard && this.channel.perThree < 3 ? k : 0; // completions that may move up past corrections
    const top = new TopK(k + spare + (rescorer ? RESCORED_POOL : 0)), { tokens, firstWord } = this.base.vocab;
    const echoes = sentenceTail(context), damp = this.echoDamping, blockedIds = this.blockedIds;
    const [e0 = -1, e1 = -1, e2 = -1] = [...echoes].map((key) => this.base.vocab.wordId(key) ?? -1);
    const unk = probs[UNK], lex = this.base.model.lexicon.words;
    const scores: BaseScores = { probs, unk, lexShare: this.lexShare, e0, e1, e2, damp };
    const keyOf = (id: number) => (id >= 0 ? tokens[id] : lex[-1 - id]);
    const allowed = (id: number) => (id >= 0 ? !blockedIds[id] : !this.blocked.has(lex[-1 - id]));
    const scoreOf = (id: number) => scoreOfId(scores, id);
    /** penalty of each corrected candidate (a plain completion has none) */
    const corrected = new Map<string, number>();
    /** the base probability of all plain completions together (corrections must carry a share of it) */
    let completions = 0;
    const typed = matchKey(prefix), variants = this.keyboard && prefix ? typoVariants(typed, this.keyboard, this.channel) : [];
    if (!prefix) {
      offerVocabulary(top, scores, firstWord, tokens, blockedIds);
    } else {
      const [lo, end] = this.index.range(typed);
      completions = offerRange(top, scores, this.index.idsByPosition, lo, end, allowed, keyOf);
      const least = completions * this.channel.massShare;
      // Corrections: the best slip that reaches each word outside the plain completions.
      const best = this.penaltyAt, reached: number[] = [];
      for (const v of variants) {
        const [vlo, vend] = this.index.range(v.key);
        for (let i = vlo; i < vend; i++) {
          if (i >= lo && i < end) continue;
          if (best[i] === 0) reached.push(i);
          if (v.penalty > best[i]) best[i] = v.penalty;
        }
      }
      for (const i of reached) {
        const penalty = best[i], id = this.index.idAt(i), p = scoreOf(id) * penalty;
        best[i] = 0;
        if (p >= least && top.wants(p) && allowed(id)) { const key = keyOf(id); top.offer(key, p); corrected.set(key, penalty); }
      }
      if (this.userWords.size) {
        const p = unk * USER_WORD_SHARE;
        for (const [key, u] of this.userWords) {
          if (this.blocked.has(key)) continue;
          if (u.match.startsWith(typed)) { if (top.wants(p)) top.offer(key, p); continue; }
          const penalty = Math.max(0, ...variants.filter((v) => u.match.startsWith(v.key)).map((v) => v.penalty));
          if (penalty && p * penalty >= least && top.wants(p * penalty)) { top.offer(key, p * penalty); corrected.set(key, penalty); }
        }
      }
    }
    // The pool holds k + RESCORED_POOL when there is a rescorer: return only the k asked for.
    if (!rescorer) return this.limitCorrections(top.items, corrected, k);
    // The rescorer takes each candidate's plain base probability; echo damping and the slip's penalty apply to its answer.
    const pool = new Map(top.items.map((s) => {
      const penalty = corrected.get(s.key);
      return [s.key, echoes.has(s.key) ? this.baseProb(s.key, probs) : penalty ? s.p / penalty : s.p];
    }));
    for (const key of rescorer.candidates(prefix)) if (!pool.has(key) && !this.blocked.has(key)) pool.set(key, this.baseProb(key, probs));
    if (rescorer.ownWords) {
      for (const v of variants) {
        for (const key of rescorer.ownWords(v.key, OWN_PER_VARIANT)) {
          if (pool.has(key) || this.blocked.has(key)) continue;
          pool.set(key, this.baseProb(key, probs));
          if (!matchKey(key).startsWith(typed)) corrected.set(key, v.penalty);
        }
      }
    }
    const out = new TopK(k + spare), rescored: Scored[] = [];
    // The completions' probability under the rescorer too: the user's memory can make them likelier.
    let plainMass = completions;
    for (const [key, pb] of pool) {
      const p = rescorer.p(key, pb) * (echoes.has(key) ? damp : 1);
      if (!corrected.has(key)) plainMass += Math.max(0, p - pb);
      rescored.push({ key, p });
    }
    const least = plainMass * this.channel.massShare;
    for (const { key, p: plain } of rescored) {
      const penalty = corrected.get(key);
      const p = plain * (penalty ?? 1);
      if (penalty !== undefined && p < least) continue;
      if (out.wants(p)) out.offer(key, p);
    }
    return this.limitCorrections(out.items, corrected, k);
  }

  /**
   * The first k of `items` (best first) with at most `perThree` corrections in each three
   * places while plain completions remain: a bar of corrections would hide the completion the
   * user is typing toward, and most typed prefixes are typed right.
   */
  private limitCorrections(items: Scored[], corrected: ReadonlyMap<string, number>, k: number): Scored[] {
    const per = this.channel.perThree;
    if (per >= 3 || corrected.size === 0) return items.slice(0, k);
    const plain = items.filter((s) => !corrected.has(s.key)), fixes = items.filter((s) => corrected.has(s.key));
    const out: Scored[] = [];
    let inBlock = 0, p = 0, f = 0;
    while (out.length < k && (p < plain.length || f < fixes.length)) {
      if (out.length % 3 === 0) inBlock = 0;
      const fixFirst = f < fixes.length && (p >= plain.length || fixes[f].p > plain[p].p);
      if (fixFirst && (inBlock < per || p >= plain.length)) { out.push(fixes[f++]); inBlock++; } else out.push(plain[p++]);
    }
    return out;
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

/** The base's probabilities as the ranking reads them: the lexicon's share of <unk>, and the echoes' damping. */
interface BaseScores { probs: Float32Array; unk: number; lexShare: Float32Array; e0: number; e1: number; e2: number; damp: number }

/** A word's base score by index id (a vocabulary id, or −1 − i for lexicon word i), its echo damped. */
function scoreOfId(s: BaseScores, id: number): number {
  if (id < 0) return s.unk * s.lexShare[-1 - id];
  const p = s.probs[id];
  return id === s.e0 || id === s.e1 || id === s.e2 ? p * s.damp : p;
}

// The two loops over many words live in small functions of their own: they get hot and compiled
// within a few predictions, where inside rank() they ran unoptimized for a prediction now and
// then (2-3 ms instead of 0.1 for a one-letter prefix's 5,000 words).

/** Offers every vocabulary word from `from` on above the list's floor (no prefix typed); damping only lowers a word, so one at or below the floor is out either way. */
function offerVocabulary(top: TopK, s: BaseScores, from: number, tokens: readonly string[], blocked: Uint8Array): void {
  const probs = s.probs;
  let floor = top.floor;
  for (let id = from; id < probs.length; id++) {
    if (probs[id] <= floor || blocked[id]) continue;
    const p = scoreOfId(s, id);
    if (p > floor) { top.offer(tokens[id], p); floor = top.floor; }
  }
}

/** Offers the words at index positions [lo, end) (a typed prefix's completions); returns their total score. */
function offerRange(top: TopK, s: BaseScores, ids: Int32Array, lo: number, end: number, allowed: (id: number) => boolean, keyOf: (id: number) => string): number {
  let total = 0, floor = top.floor;
  for (let i = lo; i < end; i++) {
    const id = ids[i], p = scoreOfId(s, id);
    total += p;
    if (p > floor && allowed(id)) { top.offer(keyOf(id), p); floor = top.floor; }
  }
  return total;
}

/** Folded keys of the last three words of the sentence `context` ends in (after its last . ! or ?). */
export function sentenceTail(context: string): Set<string> {
  const tail = context.slice(-300), cut = Math.max(tail.lastIndexOf('. '), tail.lastIndexOf('! '), tail.lastIndexOf('? '), tail.lastIndexOf('\n'));
  return new Set(textWords(tail.slice(cut + 1)).slice(-3).map((w) => w.key));
}
