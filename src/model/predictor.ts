import { Int8Lstm } from './lstm-int8';
import { zeroState, type LstmState } from './lstm-float';
import { ngramDistribution } from './ngram';
import { gateCell } from './gate';
import type { ModelData } from './model-file';
import { Vocabulary, BOS, UNK } from '../text/vocab';
import { normalizeText } from '../text/tokenize';
import { PrefixIndex } from '../text/prefix-index';
import { applyCasing } from '../text/casing';

/** Characters of context the LSTM reads: the rest barely changes its state. */
const WINDOW_CHARS = 600;
/** Per-field LSTM states kept (least recently used dropped first). */
const MAX_FIELDS = 16;

/** The cached LSTM run over one field's context: the state after each token. */
interface FieldRun { ids: number[]; states: LstmState[]; probs?: Float32Array; probsFor?: number }

/** A scored candidate word. */
export interface Scored { id: number; lexicon: boolean; p: number }

/**
 * Next-word prediction and word completion over one model: the int8 LSTM mixed with the
 * n-gram through the context gate, with an incremental state cache per field so a keystroke
 * runs only the tokens that are new since the last call.
 */
export class Predictor {
  readonly vocab: Vocabulary;
  readonly lstm: Int8Lstm;
  private readonly model: ModelData;
  private readonly index: PrefixIndex;
  private readonly lexShare: Float32Array;
  private readonly fields = new Map<string, FieldRun>();
  private readonly ngramProbs: Float32Array;

  constructor(model: ModelData) {
    this.model = model;
    this.vocab = new Vocabulary(model.words, model.display);
    if (this.vocab.size !== model.weights.shape.V) throw new RangeError(`vocabulary has ${this.vocab.size} tokens but the LSTM ${model.weights.shape.V}`);
    this.lstm = new Int8Lstm(model.weights);
    const words = this.vocab.words, lex = model.lexicon;
    const ids = new Int32Array(words.length + lex.words.length);
    for (let i = 0; i < words.length; i++) ids[i] = this.vocab.firstWord + i;
    for (let i = 0; i < lex.words.length; i++) ids[words.length + i] = -1 - i; // lexicon ids are negative
    this.index = new PrefixIndex([...words, ...lex.words], ids);
    let total = 0;
    for (const c of lex.counts) total += c;
    this.lexShare = Float32Array.from(lex.counts, (c) => c / Math.max(1, total));
    this.ngramProbs = new Float32Array(model.weights.shape.V);
  }

  /** Up to k words for the word after `context` that starts with `prefix`, cased for insertion. */
  predict(context: string, prefix: string, k: number, field = 'default'): string[] {
    return this.rank(context, prefix, k, field).map((s) => this.show(s, context, prefix));
  }

  /** Scored candidates, best first. */
  rank(context: string, prefix: string, k: number, field = 'default'): Scored[] {
    if (k <= 0) return [];
    const probs = this.nextWordProbs(context, field);
    const best: Scored[] = [];
    const offer = (s: Scored) => {
      if (best.length === k && s.p <= best[k - 1].p) return;
      let i = best.length === k ? k - 1 : best.length;
      best[i] = s;
      while (i > 0 && best[i - 1].p < s.p) { best[i] = best[i - 1]; best[i - 1] = s; i--; }
    };
    const first = this.vocab.firstWord;
    if (!prefix) {
      for (let id = first; id < probs.length; id++) offer({ id, lexicon: false, p: probs[id] });
      return best;
    }
    const unk = probs[UNK];
    for (const id of this.index.lookup(prefix)) {
      if (id >= 0) offer({ id, lexicon: false, p: probs[id] });
      else offer({ id: -1 - id, lexicon: true, p: unk * this.lexShare[-1 - id] });
    }
    return best;
  }

  private show(s: Scored, context: string, prefix: string): string {
    const lex = this.model.lexicon;
    const shown = s.lexicon ? lex.display[s.id] || lex.words[s.id] : this.vocab.display[s.id];
    return applyCasing(shown, context, prefix);
  }

  /** Forgets a field's cached state (the field was closed). */
  forgetField(field: string): void { this.fields.delete(field); }

  /** The mixed next-token distribution (V) after the context; cached per field. */
  nextWordProbs(context: string, field: string): Float32Array {
    const ids = this.contextIds(context);
    const run = this.advance(field, ids);
    if (run.probs && run.probsFor === ids.length) return run.probs;
    const r = run.states[ids.length - 1].r;
    const logits = this.lstm.logits(r);
    const V = logits.length, probs = run.probs ?? new Float32Array(V);
    let mx = -Infinity;
    for (let i = 0; i < V; i++) mx = Math.max(mx, logits[i]);
    let sum = 0;
    for (let i = 0; i < V; i++) { const e = Math.exp(logits[i] - mx); probs[i] = e; sum += e; }
    const u = ids.length >= 2 ? ids[ids.length - 2] : BOS, v = ids[ids.length - 1];
    const evidence = ngramDistribution(this.model.ngram, u, v, this.ngramProbs);
    const lambda = this.model.gate[gateCell(evidence)];
    for (let i = 0; i < V; i++) probs[i] = (1 - lambda) * (probs[i] / sum) + lambda * this.ngramProbs[i];
    run.probs = probs; run.probsFor = ids.length;
    return probs;
  }

  /** Token ids of the context window: <s> then the text from a sentence start near the end. */
  contextIds(context: string): number[] {
    let text = normalizeText(context);
    if (text.length > WINDOW_CHARS) {
      const from = text.length - WINDOW_CHARS;
      const re = /[.!?\n]\s+/g;
      re.lastIndex = from;
      const m = re.exec(text);
      text = m ? text.slice(m.index + m[0].length) : text.slice(text.indexOf(' ', from) + 1);
    }
    return this.vocab.encode(text);
  }

  /** Runs the LSTM over the ids not yet run for this field (reusing the longest common prefix). */
  private advance(field: string, ids: number[]): FieldRun {
    let run = this.fields.get(field);
    if (run) this.fields.delete(field); // re-insert as most recent
    run ??= { ids: [], states: [] };
    let same = 0;
    while (same < run.ids.length && same < ids.length && run.ids[same] === ids[same]) same++;
    if (same < run.ids.length) { run.ids.length = same; run.states.length = same; run.probsFor = undefined; }
    for (let i = same; i < ids.length; i++) {
      run.states.push(this.lstm.step(i === 0 ? zeroState(this.lstm.shape) : run.states[i - 1], ids[i]));
      run.ids.push(ids[i]);
    }
    if (same < ids.length) run.probsFor = undefined;
    this.fields.set(field, run);
    if (this.fields.size > MAX_FIELDS) this.fields.delete(this.fields.keys().next().value!);
    return run;
  }
}
