import { addText, removeText, TextCounter, emptyCounts, forgetAnswers, refreshDisplay, personalKeys, PersonalContext, wordsWithPrefix, PERSONAL_BOUNDARY, type PersonalCounts, type PersonalEvidence } from './personal-ngram';
import { DocCache } from './personal-cache';
import { RecentWords } from './recent-words';
import { MixtureGate } from './personal-gate';
import { bucketOf } from '../util/buckets';
import { FineTuner } from './fine-tune';
import { normalizeText } from '../text/tokenize';
import { isWordKey, learnedPieces } from '../text/words';

/** Mixture components, in the order of the gate's weights. */
export const PARTS = ['base', 'ngram', 'doc', 'recent', 'docpair'] as const;
const BASE = 0, NGRAM = 1, DOC = 2, RECENT = 3, PAIR = 4;
/** separates the two keys of a trigram context in a version 1–2 snapshot */
const SEP = '\u0001';

/** Gate cells: how often the user's memory saw the bigram (5 buckets) and trigram (3) context, × document length (4). */
const BI_EDGES = [1, 3, 10, 30], TRI_EDGES = [1, 3], DOC_EDGES = [1, 10, 50];
const CELLS = (BI_EDGES.length + 1) * (TRI_EDGES.length + 1) * (DOC_EDGES.length + 1);
/** Prior weights of the components (in PARTS order) and how many observations they are worth. */
const PRIOR = [0.75, 0.1, 0.05, 0.05, 0.05], PRIOR_N = 8;
/** Older gate evidence fades so the weights follow how the user writes now. */
const DECAY = 0.999;
/** Half-life of the recency list, in words written (500 measured better than 1,000 or 2,000). */
const HALF_LIFE = 500;
/** The user's words offered per typed prefix, most frequent first (all of them cost time per keystroke). */
const PREFIX_CANDIDATES = 16;

/**
 * Byte budget of the n-gram rows (NgramTable.liveBytes). 350,000 words of mail, the default
 * retention, need about 19 MB, so pruning is for writing far more varied than that (an object
 * so tests can lower it). Past it, trigrams written once go first, oldest first, then bigrams
 * written once; the user's words (unigrams) are never pruned.
 */
export const MEMORY_BUDGET = { bytes: 32 * 2 ** 20 };

const bucket = bucketOf;

/** True for an array of [key, value] pairs that all pass `valid`. */
function isPairs(value: unknown, valid: (key: unknown, item: unknown) => boolean): boolean {
  return Array.isArray(value) && value.every((e) => Array.isArray(e) && e.length === 2 && valid(e[0], e[1]));
}

export function personalCell(e: PersonalEvidence, docWords: number): number {
  return (bucket(e.bi, BI_EDGES) * (TRI_EDGES.length + 1) + bucket(e.tri, TRI_EDGES)) * (DOC_EDGES.length + 1) + bucket(docWords, DOC_EDGES);
}

/**
 * What the memory says about the word after one context: each component's weight there and
 * each word's probability under the mixture
 *
 *     p(w) = Σ_k weight_k · p_k(w),  k ∈ base, n-gram, document, recent, document pairs.
 */
export class PersonalScorer {
  readonly weights: Float64Array;
  readonly available: boolean[];

  constructor(private readonly m: PersonalMemory, readonly ngram: PersonalContext, readonly doc: DocCache) {
    const known = !m.empty;
    this.available = [true, known, doc.words > 0, known, doc.pairTotal > 0];
    this.weights = m.gate.weights(personalCell(ngram.evidence, doc.words), this.available);
  }

  /** Probabilities of a word under each component (K), given its base probability. */
  parts(key: string, pBase: number, out = new Float64Array(PARTS.length)): Float64Array {
    out[BASE] = pBase;
    out[NGRAM] = this.available[NGRAM] ? this.ngram.p(key, pBase) : 0;
    out[DOC] = this.doc.p(key);
    out[RECENT] = this.m.recent.p(key);
    out[PAIR] = this.doc.pPair(key);
    return out;
  }

  /** The mixed probability of a word. */
  p(key: string, pBase: number): number {
    const w = this.weights;
    let p = w[BASE] * pBase;
    if (w[NGRAM]) p += w[NGRAM] * this.ngram.p(key, pBase);
    if (w[DOC]) p += w[DOC] * this.doc.p(key);
    if (w[RECENT]) p += w[RECENT] * this.m.recent.p(key);
    if (w[PAIR]) p += w[PAIR] * this.doc.pPair(key);
    return p;
  }

  /**
   * Words the memory puts forward beside the base model's best, all starting with the typed
   * prefix: the n-gram's continuations of this context, the user's most frequent words (with a
   * prefix) or most recent ones (without), the document's words, and what followed the last
   * word earlier in the document.
   */
  candidates(prefix: string): string[] {
    const out = new Set<string>(this.available[NGRAM] ? this.ngram.candidates(prefix) : []);
    if (prefix) for (const k of wordsWithPrefix(this.m.counts, prefix, PREFIX_CANDIDATES)) out.add(k);
    else if (this.available[RECENT]) for (const k of this.m.recent.top()) out.add(k);
    for (const k of this.doc.withPrefix(prefix)) out.add(k);
    for (const k of this.doc.followersWithPrefix(prefix)) out.add(k);
    return [...out];
  }
}

/**
 * The user's fast memory: personal n-gram counts, a cache of the document being written (its
 * words and word pairs), and a recency-weighted word list, mixed with the base model by weights
 * that depend on what the memory knows about the context, fitted online by EM on the user's
 * own text. It also carries the fine-tuned output adapter, so one checkpoint holds everything
 * personal and a reset drops it all.
 */
export class PersonalMemory {
  counts: PersonalCounts = emptyCounts();
  recent = new RecentWords(HALF_LIFE);
  readonly gate = new MixtureGate(CELLS, PRIOR, PRIOR_N, DECAY);
  /** the fine-tuned output adapter of the LSTM (made by the personal layer on the first word learned) */
  tuner?: FineTuner;
  /** separate document caches for suggestions and for learning, so neither rebuilds the other's */
  private readonly predictDoc = new DocCache();
  private readonly learnDoc = new DocCache();

  /** changes whenever the memory learns something, so a cached view of a context can be reused until then */
  version = 0;
  /** how many times rows were pruned to the budget (the next checkpoint then writes the whole base: a log of texts cannot say what went) */
  pruned = 0;

  get empty(): boolean { return this.counts.total === 0; }

  /** The memory's view of the word after `context`. */
  context(context: string, doc = this.predictDoc): PersonalScorer {
    return new PersonalScorer(this, this.ngramContext(context), doc.update(context));
  }

  /** The personal n-gram distribution after `context` (uses its last two tokens). */
  private ngramContext(context: string): PersonalContext {
    const { keys } = personalKeys(context.slice(-200));
    const v = keys.length ? keys[keys.length - 1] : PERSONAL_BOUNDARY;
    const u = keys.length > 1 ? keys[keys.length - 2] : PERSONAL_BOUNDARY;
    return new PersonalContext(this.counts, context.length > 200 && keys.length < 2 ? '<unk>' : u, v);
  }

  /**
   * Learns a text: first scores each of its words with `pBase(contextText, word)` and the
   * memory as it stands (updating the gate), then adds the text to the memory.
   */
  learn(text: string, pBase: (context: string, wordKey: string) => number): void {
    const normalized = normalizeText(text);
    for (const w of learnedPieces(normalized)) this.observeWord(normalized.slice(0, w.start), w.key, pBase);
    this.addText(text);
  }

  /** Scores one word against the gate before it is learned (one EM step, prequential). */
  observeWord(before: string, key: string, pBase: (context: string, wordKey: string) => number): void {
    this.version++;
    const s = this.context(before, this.learnDoc);
    const pb = Math.max(pBase(before, key), 1e-9);
    this.gate.observe(personalCell(s.ngram.evidence, s.doc.words), s.available, s.parts(key, pb));
  }

  /** Adds a text to the memory (after its words were observed). */
  addText(text: string): void {
    this.version++;
    addText(this.counts, text);
    this.keepInBudget();
    this.tuner?.endSample();
    for (const k of personalKeys(text).keys) if (isWordKey(k)) this.recent.add(k);
  }

  /**
   * Counts a sample's whole text in place of the part of it counted before (`previous`, '' for
   * a new sample), after its new words were observed: the counts stay the sum of the samples'
   * texts, whatever order they were written and learned in. Only `fresh`, the part newly
   * written, enters the recency list.
   */
  replaceText(previous: string, text: string, fresh = text): void {
    this.countSample(previous, text, fresh).step(() => true);
  }

  /** replaceText in steps, so a long sample is counted over several slices (see SampleCount). */
  countSample(previous: string, text: string, fresh = text): SampleCount {
    return new SampleCount(this, previous, text, fresh);
  }

  /** The end of replaceText, once the texts are counted. */
  endSample(previous: string, fresh: string): void {
    this.keepInBudget();
    this.tuner?.endSample();
    for (const k of personalKeys(fresh).keys) if (isWordKey(k)) this.recent.add(k);
    if (previous) this.dropUncounted(previous);
  }

  /**
   * Forgets a text counted before (a deleted sample): its counts exactly, and its words from
   * the recency list once no other text has them. The gate and the adapter keep what they
   * fitted (averages over all words, which name no word of the text).
   */
  forgetText(text: string): void {
    this.version++;
    removeText(this.counts, text);
    this.dropUncounted(text);
  }

  /**
   * Past the budget, prunes to 80 % of it (so not after every sample). Counts are then no longer
   * exact sums over the samples: deleting one subtracts what is left of it.
   */
  private keepInBudget(): void {
    const { bi, tri } = this.counts, bytes = () => bi.liveBytes + tri.liveBytes;
    if (bytes() <= MEMORY_BUDGET.bytes) return;
    const target = 0.8 * MEMORY_BUDGET.bytes;
    for (const t of [tri, bi]) {
      const perEntry = t.liveBytes / Math.max(1, t.entries.live);
      if (bytes() > target) t.pruneSingles(Math.max(0, t.entries.live - Math.ceil((bytes() - target) / perEntry)));
    }
    forgetAnswers(this.counts);
    this.pruned++;
  }

  private dropUncounted(text: string): void {
    for (const k of personalKeys(text).keys) if (!this.counts.uni.has(k)) this.recent.delete(k);
  }

  /** A JSON-safe snapshot (for checkpoints and export). */
  toJSON(): object {
    const c = this.counts;
    return {
      v: 2, total: c.total, uni: [...c.uni], forms: [...c.forms].map(([k, r]) => [k, [...r]]), lower: [...c.lower],
      bi: [...c.bi].map(([k, r]) => [k, [...r]]), tri: [...c.tri].map(([k, r]) => [k, [...r]]),
      gate: this.gate.toJSON(), recent: this.recent.toJSON(),
      ...(this.tuner ? { tune: this.tuner.toJSON() } : {}),
    };
  }

  /** Rebuilds a memory from toJSON() output (also version 1's); throws TypeError on a malformed snapshot. */
  static fromJSON(o: unknown): PersonalMemory {
    const s = o as {
      v: number; total: number; uni: [string, number][]; display?: [string, string][]; forms?: [string, [string, number][]][]; lower?: [string, number][]; bi: [string, [string, number][]][]; tri: [string, [string, number][]][];
      /** versions 1 and 2 carried an (always empty) blocked list: checked and ignored, blocked words live in the vocabulary store */
      blocked?: string[]; gate?: { resp: number[]; seen: number[] }; recent?: Parameters<typeof RecentWords.fromJSON>[0]; tune?: unknown;
    };
    if (!s || (s.v !== 1 && s.v !== 2) || !Array.isArray(s.uni) || !Array.isArray(s.bi) || !Array.isArray(s.tri) || (s.v === 2 && !s.gate)) {
      throw new TypeError('not a personal memory snapshot of version 1 or 2');
    }
    // Every entry checked here: a snapshot that parses but holds wrong types (damaged with a
    // matching checksum, or a hand-edited import) would otherwise break suggestions later.
    const counted = (r: unknown) => isPairs(r, (k, n) => typeof k === 'string' && Number.isFinite(n));
    if (!counted(s.uni) || !isPairs(s.bi, (k, r) => typeof k === 'string' && counted(r)) || !isPairs(s.tri, (k, r) => typeof k === 'string' && k.includes(SEP) && counted(r))
      || (s.display !== undefined && !isPairs(s.display, (k, d) => typeof k === 'string' && typeof d === 'string'))
      || (s.lower !== undefined && !counted(s.lower))
      || (s.forms !== undefined && !isPairs(s.forms, (k, r) => typeof k === 'string' && isPairs(r, (f, n) => typeof f === 'string' && Number.isFinite(n))))
      || (s.blocked !== undefined && !(Array.isArray(s.blocked) && s.blocked.every((w) => typeof w === 'string')))) {
      throw new TypeError('personal memory snapshot has malformed entries');
    }
    const m = new PersonalMemory(), c = m.counts;
    c.total = Number(s.total) || 0; c.uni = new Map(s.uni); c.lower = new Map(s.lower ?? []);
    for (const [v, r] of s.bi) for (const [k, n] of r) c.bi.bump(undefined, v, k, n);
    for (const [uv, r] of s.tri) { const [u, v] = uv.split(SEP); for (const [k, n] of r) c.tri.bump(u, v, k, n); }
    // A snapshot before spellings were counted kept each word's latest form: it stands for all its uses.
    c.forms = new Map(s.forms ? s.forms.map(([k, r]) => [k, new Map(r)]) : (s.display ?? []).map(([k, d]) => [k, new Map([[d, Number(c.uni.get(k)) || 1]])]));
    for (const k of m.counts.forms.keys()) refreshDisplay(m.counts, k);
    if (s.v === 2) {
      m.gate.load(s.gate!);
      if (s.recent) m.recent = RecentWords.fromJSON(s.recent, HALF_LIFE);
      if (s.tune) m.tuner = FineTuner.fromJSON(s.tune);
    } else {
      // Version 1 had no recency list: start it from the counts (the gate refits from its prior).
      for (const [k, n] of m.counts.uni) if (isWordKey(k)) for (let i = 0; i < n; i++) m.recent.add(k);
    }
    return m;
  }
}

/**
 * A sample being counted in place of its previous part: the previous part out, the text in,
 * then the memory's end of a sample. Until it is done the counts hold part of it, as if that
 * part had been learned on its own; whoever writes the memory (a checkpoint) finishes it first.
 */
export class SampleCount {
  private readonly parts: TextCounter[];
  private ended = false;

  constructor(private readonly memory: PersonalMemory, readonly previous: string, text: string, private readonly fresh: string) {
    this.parts = [...(previous ? [new TextCounter(memory.counts, previous, -1)] : []), new TextCounter(memory.counts, text, 1)];
  }

  /** The keys of the previous part and of the text (so no one tokenizes them again). */
  get keys(): readonly (readonly string[])[] { return this.parts.map((p) => p.keys); }

  /** Counts while `more()` says so (a few keys at least); returns whether the sample is all counted. */
  step(more: () => boolean): boolean {
    this.memory.version++;
    for (const p of this.parts) if (!p.run(more)) return false;
    if (!this.ended) { this.memory.endSample(this.previous, this.fresh); this.ended = true; }
    return true;
  }
}
