import { Int8Lstm } from './lstm-int8';
import { zeroState, type LstmState } from './lstm-float';
import { ngramDistribution } from './ngram';
import { gateCell } from './gate';
import type { ModelData } from './model-file';
import { Vocabulary, BOS, UNK } from '../text/vocab';
import { normalizeText } from '../text/tokenize';
import { textWords } from '../text/words';
import { matchKey, PrefixIndex } from '../text/prefix-index';
import { applyCasing } from '../text/casing';
import type { PersonalMemory, PersonalScorer } from '../learn/personal-memory';
import { FineTuner, TUNE } from '../learn/fine-tune';
import { remapAdapter } from '../learn/output-adapter';

/** Context the LSTM is given: the last tokens of the last characters (older text barely moves its state). */
const MAX_CHARS = 2000;
const MAX_TOKENS = 256;
/** Per-field LSTM states kept (least recently used dropped first). */
const MAX_FIELDS = 16;

/** The cached LSTM run over one field's context: the state after each token. */
interface FieldRun { context: string; ids: number[]; states: LstmState[]; probs?: Float32Array; probsFor?: number; probsVersion?: number }

/** A scored candidate word: its folded key and probability. */
export interface Scored { key: string; p: number }

/** The n best (key, p) pairs offered; cheap for the many that do not qualify. */
class TopK {
  readonly items: Scored[] = [];
  constructor(private readonly k: number) {}
  wants(p: number): boolean { return this.items.length < this.k || p > this.items[this.k - 1].p; }
  offer(key: string, p: number): void {
    const it = this.items, s = { key, p };
    let i = it.length === this.k ? this.k - 1 : it.length;
    it[i] = s;
    while (i > 0 && it[i - 1].p < p) { it[i] = it[i - 1]; it[i - 1] = s; i--; }
  }
}

/** The field whose state learning uses. */
const LEARN_FIELD = '\u0000learn';
/** Share of p(<unk>) given to a word known only from the user's own writing. */
const UNSEEN_WORD_SHARE = 1e-3;
/** Share of p(<unk>) given to a word the user added to their vocabulary (a completion only). */
const USER_WORD_SHARE = 0.1;
/** Extra base candidates re-scored with the user's memory. */
const PERSONAL_POOL = 12;
/**
 * Probability kept by a word that is one of the last three words of the sentence being written.
 * The models over-predict such echoes: on en dev the v1 model's first suggestion repeated one of
 * them 2.6× as often as the writers did (3.0× after learning three mails); halving their
 * probability brings that to 1.2× / 1.3× for −0.02 KSR points (`../shared/eval/echo.py`).
 */
export const ECHO_DAMPING = { factor: 0.5 };

/**
 * Next-word prediction and word completion over one model: the int8 LSTM mixed with the
 * n-gram through the context gate, with an incremental state cache per field so a keystroke
 * runs only the tokens that are new since the last call; optionally blended with the user's
 * personal memory.
 */
export class Predictor {
  readonly vocab: Vocabulary;
  readonly lstm: Int8Lstm;
  /** the user's memory, if personalization is on */
  personal?: PersonalMemory;
  private readonly model: ModelData;
  private readonly index: PrefixIndex;
  private readonly lexShare: Float32Array;
  private readonly lexIndex = new Map<string, number>();
  private readonly fields = new Map<string, FieldRun>();
  private readonly ngramProbs: Float32Array;
  /** Words the user added that the model does not know: folded key → match key and spelling. */
  private userWords = new Map<string, { match: string; display: string }>();
  private lastScorer?: { memory: PersonalMemory; version: number; context: string; scorer: PersonalScorer };
  /** (V) the LSTM's own softmax of the last word learned */
  private readonly lstmProbs: Float32Array;

  constructor(model: ModelData) {
    this.model = model;
    this.vocab = new Vocabulary(model.words, model.display);
    if (this.vocab.size !== model.weights.shape.V) throw new RangeError(`vocabulary has ${this.vocab.size} tokens but the LSTM ${model.weights.shape.V}`);
    this.lstm = new Int8Lstm(model.weights);
    const words = this.vocab.words, lex = model.lexicon;
    const ids = new Int32Array(words.length + lex.words.length);
    for (let i = 0; i < words.length; i++) ids[i] = this.vocab.firstWord + i;
    for (let i = 0; i < lex.words.length; i++) { ids[words.length + i] = -1 - i; this.lexIndex.set(lex.words[i], i); } // lexicon ids are negative
    this.index = new PrefixIndex([...words, ...lex.words], ids);
    let total = 0;
    for (const c of lex.counts) total += c;
    this.lexShare = Float32Array.from(lex.counts, (c) => c / Math.max(1, total));
    this.ngramProbs = new Float32Array(model.weights.shape.V);
    this.lstmProbs = new Float32Array(model.weights.shape.V);
  }

  /**
   * Words the user added to their vocabulary (folded `word`, `display` as they spelled it): the
   * ones the model does not know become completions of their first letters.
   */
  setUserWords(words: readonly { word: string; display: string }[]): void {
    this.userWords = new Map(words
      .filter((w) => this.vocab.wordId(w.word) === undefined && !this.lexIndex.has(w.word))
      .map((w) => [w.word, { match: matchKey(w.word), display: w.display }]));
  }

  /** Up to k words for the word after `context` that starts with `prefix`, cased for insertion. */
  predict(context: string, prefix: string, k: number, field = 'default'): string[] {
    return this.rank(context, prefix, k, field).map((s) => applyCasing(this.shown(s.key), context, prefix));
  }

  /** Scored candidates, best first. */
  rank(context: string, prefix: string, k: number, field = 'default'): Scored[] {
    if (k <= 0) return [];
    const probs = this.nextWordProbs(context, field);
    const pm = this.personal;
    const top = new TopK(pm ? k + PERSONAL_POOL : k), tokens = this.vocab.tokens;
    const echoes = sentenceTail(context), damp = ECHO_DAMPING.factor;
    const [e0 = -1, e1 = -1, e2 = -1] = [...echoes].map((key) => this.vocab.wordId(key) ?? -1);
    const baseP = (id: number) => (id === e0 || id === e1 || id === e2 ? probs[id] * damp : probs[id]);
    if (!prefix) {
      for (let id = this.vocab.firstWord; id < probs.length; id++) { const p = baseP(id); if (top.wants(p)) top.offer(tokens[id], p); }
    } else {
      const unk = probs[UNK], lex = this.model.lexicon.words;
      for (const id of this.index.lookup(prefix)) {
        const p = id >= 0 ? baseP(id) : unk * this.lexShare[-1 - id];
        if (top.wants(p)) top.offer(id >= 0 ? tokens[id] : lex[-1 - id], p);
      }
      if (this.userWords.size) {
        const match = matchKey(prefix), p = unk * USER_WORD_SHARE;
        for (const [key, u] of this.userWords) if (u.match.startsWith(match) && top.wants(p)) top.offer(key, p);
      }
    }
    // The pool holds k + PERSONAL_POOL when there is a memory: return only the k asked for.
    if (!pm || (pm.empty && !pm.blocked.size)) return top.items.slice(0, k);
    // Re-score the pool and the memory's own candidates with the personal mixture.
    const ps = this.scorer(pm, context);
    // The pool was chosen with echoes damped; the mixture takes their plain probability and is damped as a whole.
    const pool = new Map(top.items.map((s) => [s.key, echoes.has(s.key) ? this.baseProb(s.key, probs) : s.p]));
    for (const key of ps.candidates(prefix)) if (!pool.has(key)) pool.set(key, this.baseProb(key, probs));
    const out = new TopK(k);
    for (const [key, pb] of pool) {
      if (pm.blocked.has(key)) continue;
      const p = ps.p(key, pb) * (echoes.has(key) ? damp : 1);
      if (out.wants(p)) out.offer(key, p);
    }
    return out.items;
  }

  /** p_base of a folded word under the current distribution (vocabulary, lexicon, or unseen). */
  private baseProb(key: string, probs: Float32Array): number {
    const id = this.vocab.wordId(key);
    if (id !== undefined) return probs[id];
    const li = this.lexIndex.get(key);
    return probs[UNK] * (li !== undefined ? this.lexShare[li] : UNSEEN_WORD_SHARE);
  }

  /** Probability of a folded word after `context` as predictions use it (personal memory included). */
  wordProb(context: string, key: string, field: string): number {
    const pb = this.baseProb(key, this.nextWordProbs(context, field)), pm = this.personal;
    return !pm || pm.empty ? pb : this.scorer(pm, context).p(key, pb);
  }

  /** The memory's view of a context, reused while the context and the memory stay the same (keystrokes within a word). */
  private scorer(pm: PersonalMemory, context: string): PersonalScorer {
    const c = this.lastScorer;
    if (c && c.memory === pm && c.version === pm.version && c.context === context) return c.scorer;
    const scorer = pm.context(context);
    this.lastScorer = { memory: pm, version: pm.version, context, scorer };
    return scorer;
  }

  /** Probability the base model gives a folded word after `context` (for the personal gate). */
  baseWordProb(context: string, key: string, field: string): number {
    return this.baseProb(key, this.nextWordProbs(context, field));
  }

  /**
   * Learns one word the user wrote after `context`: the personal memory scores it against its
   * gate (before learning it), and the fine-tuned output adapter is judged on it (with and
   * without the adapter, before training) and then takes one SGD step toward it.
   */
  learnWord(context: string, key: string): void {
    const pm = this.personal;
    if (!pm) return;
    const id = this.vocab.wordId(key);
    if (!TUNE.on || id === undefined) {
      const pb = this.baseWordProb(context, key, LEARN_FIELD);
      pm.observeWord(context, key, () => pb);
      return;
    }
    const { V, E } = this.lstm.shape;
    this.fitTuner(pm);
    pm.tuner ??= new FineTuner(V, E);
    const ids = this.contextIds(context, this.fields.get(LEARN_FIELD));
    const run = this.advance(LEARN_FIELD, context, ids);
    const r = run.states[ids.length - 1].r;
    const probs = (run.probs ??= new Float32Array(V));
    const judged = pm.tuner.wantsJudgement();
    const d = this.distribution(r, ids, probs, this.lstmProbs, judged ? id : undefined);
    run.probsFor = ids.length; run.probsVersion = pm.tuner.adapter.version;
    pm.observeWord(context, key, () => probs[id]);
    if (judged) pm.tuner.judge(probs[id], (1 - d.lambda) * d.plain + d.lambda * this.ngramProbs[id]);
    // The adapter is trained for the LSTM's share of the gated base probability (its responsibility).
    pm.tuner.train(r, this.lstmProbs, id, ((1 - d.lambda) * this.lstmProbs[id]) / Math.max(probs[id], 1e-12));
  }

  /**
   * Makes the memory's fine-tuned adapter fit this model: one made for the model this one
   * replaces is carried over word by word (model-file `previous`); one made for any other
   * model is dropped. The rest of the memory is keyed by words and needs nothing.
   */
  private fitTuner(pm: PersonalMemory): void {
    const { V, E } = this.lstm.shape, old = pm.tuner?.adapter, previous = this.model.previous;
    if (!old || (old.V === V && old.E === E)) return;
    pm.tuner = previous && old.V === previous.ids.length
      ? FineTuner.fromJSON({ adapter: remapAdapter(old, previous.ids, V, E).toJSON() })
      : undefined;
  }

  /** How a folded word is shown: the user's spelling, else the model's casing table. */
  private shown(key: string): string {
    const mine = this.personal?.counts.display.get(key) ?? this.userWords.get(key)?.display;
    if (mine) return mine;
    const id = this.vocab.wordId(key);
    if (id !== undefined) return this.vocab.display[id];
    const li = this.lexIndex.get(key);
    return li !== undefined ? this.model.lexicon.display[li] || key : key;
  }

  /** Forgets a field's cached state (the field was closed). */
  forgetField(field: string): void { this.fields.delete(field); }

  /** The mixed next-token distribution (V) after the context; cached per field. */
  nextWordProbs(context: string, field: string): Float32Array {
    const ids = this.contextIds(context, this.fields.get(field));
    const run = this.advance(field, context, ids);
    const version = this.personal?.tuner?.adapter.version;
    if (run.probs && run.probsFor === ids.length && run.probsVersion === version) return run.probs;
    const probs = (run.probs ??= new Float32Array(this.lstm.shape.V));
    this.distribution(run.states[ids.length - 1].r, ids, probs);
    run.probsFor = ids.length; run.probsVersion = version;
    return probs;
  }

  /**
   * The LSTM (with the personal adapter, if any) mixed with the n-gram through the gate, into
   * `out` (V). Optionally keeps the LSTM's own softmax in `lstmOut` (V) and returns the plain
   * base LSTM's probability of token `plainFor` (without the adapter).
   */
  private distribution(r: Float32Array, ids: number[], out: Float32Array, lstmOut?: Float32Array, plainFor?: number): { lambda: number; plain: number } {
    const logits = this.lstm.logits(r);
    if (this.personal) this.fitTuner(this.personal);
    const V = logits.length, tuned = this.personal?.tuner?.adapter;
    const adapter = tuned && tuned.V === V && tuned.E === r.length ? tuned : undefined;
    let plain = NaN;
    if (plainFor !== undefined) plain = softmaxAt(logits, plainFor);
    if (adapter) adapter.apply(r, logits);
    let mx = -Infinity;
    for (let i = 0; i < V; i++) mx = Math.max(mx, logits[i]);
    let sum = 0;
    for (let i = 0; i < V; i++) { const e = Math.exp(logits[i] - mx); out[i] = e; sum += e; }
    for (let i = 0; i < V; i++) out[i] /= sum;
    if (lstmOut) lstmOut.set(out);
    if (plainFor !== undefined && !adapter) plain = out[plainFor];
    const u = ids.length >= 2 ? ids[ids.length - 2] : BOS, v = ids[ids.length - 1];
    const evidence = ngramDistribution(this.model.ngram, u, v, this.ngramProbs);
    const lambda = this.model.gate[gateCell(evidence)];
    for (let i = 0; i < V; i++) out[i] = (1 - lambda) * out[i] + lambda * this.ngramProbs[i];
    return { lambda, plain };
  }

  /** Token ids of the context: <s> then its last MAX_TOKENS tokens (cached for an unchanged context). */
  contextIds(context: string, run?: FieldRun): number[] {
    if (run && run.context === context) return run.ids;
    let ids: number[];
    if (run && context.length <= MAX_CHARS && /\s$/.test(run.context) && context.startsWith(run.context)) {
      // Typing on after a word boundary: only the new text needs tokenizing.
      ids = run.ids.concat(this.vocab.encode(normalizeText(context.slice(run.context.length))).slice(1));
    } else {
      ids = this.vocab.encode(normalizeText(context.length > MAX_CHARS ? context.slice(-MAX_CHARS) : context));
    }
    return ids.length > MAX_TOKENS + 1 ? [BOS, ...ids.slice(ids.length - MAX_TOKENS)] : ids;
  }

  /**
   * Brings a field's LSTM run up to `ids`, running only tokens it has not run: after the common
   * prefix (typing, deleting), or — when the text window slid forward and its head was cut —
   * after the longest tail of the old run that the new ids start with. The states kept then
   * carry more history than the window shows, which only helps.
   */
  private advance(field: string, context: string, ids: number[]): FieldRun {
    let run = this.fields.get(field);
    if (run) this.fields.delete(field); // re-insert as most recent
    run ??= { context: '', ids: [BOS], states: [this.lstm.step(zeroState(this.lstm.shape), BOS)] };
    if (run.ids !== ids) {
      let same = commonPrefix(run.ids, ids, 0);
      if (same < run.ids.length) {
        const shift = findShift(run.ids, ids);
        if (shift > 0 && run.ids.length - shift > same) {
          run.ids = [BOS, ...run.ids.slice(shift + 1)];
          run.states = [run.states[0], ...run.states.slice(shift + 1)];
          same = run.ids.length;
        } else {
          run.ids.length = Math.max(1, same); run.states.length = Math.max(1, same);
        }
        run.probsFor = undefined;
      }
      for (let i = run.ids.length; i < ids.length; i++) {
        run.states.push(this.lstm.step(run.states[i - 1], ids[i]));
        run.ids.push(ids[i]);
        run.probsFor = undefined;
      }
    }
    run.context = context;
    this.fields.set(field, run);
    if (this.fields.size > MAX_FIELDS) this.fields.delete(this.fields.keys().next().value!);
    return run;
  }
}

/** Folded keys of the last three words of the sentence `context` ends in (after its last . ! or ?). */
export function sentenceTail(context: string): Set<string> {
  const tail = context.slice(-300), cut = Math.max(tail.lastIndexOf('. '), tail.lastIndexOf('! '), tail.lastIndexOf('? '), tail.lastIndexOf('\n'));
  return new Set(textWords(tail.slice(cut + 1)).slice(-3).map((w) => w.key));
}

/** softmax(logits)[i], without writing anything. */
function softmaxAt(logits: Float32Array, i: number): number {
  let mx = -Infinity;
  for (let j = 0; j < logits.length; j++) mx = Math.max(mx, logits[j]);
  let sum = 0;
  for (let j = 0; j < logits.length; j++) sum += Math.exp(logits[j] - mx);
  return Math.exp(logits[i] - mx) / sum;
}

/** Length of the common prefix of a and b. */
function commonPrefix(a: number[], b: number[], aFrom: number): number {
  let n = 0;
  while (aFrom + n < a.length && n < b.length && a[aFrom + n] === b[n]) n++;
  return n;
}

/**
 * The smallest shift s such that old[s+1..] (the old run without its first s body tokens) is a
 * prefix of fresh[1..], requiring a match of at least 8 tokens; 0 if none.
 */
function findShift(old: number[], fresh: number[]): number {
  const body = fresh.slice(1);
  for (let s = 1; s + 8 < old.length; s++) {
    const n = commonPrefix(old, body, s + 1);
    if (n === old.length - s - 1 && n >= 8) return s;
  }
  return 0;
}
