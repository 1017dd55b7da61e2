import type { BaseModel, LogitAdjuster } from '../model/base-model';
import type { Rescorer } from '../model/ranking';
import { PersonalMemory, type PersonalScorer } from './personal-memory';
import { FineTuner, TUNING } from './fine-tune';
import { remapAdapter } from './output-adapter';
import { wordsWithPrefix } from './personal-ngram';
import { DocCache } from './personal-cache';
import { DYNAMIC, DynamicEval } from './dynamic-eval';
import { LstmAdaptation } from './dynamic-eval-learn';

let combinedVersions = 0;

/** Fields whose document caches are kept (a field and its look-ahead, in a few tabs). */
const DOC_FIELDS = 8;

/** The field whose LSTM state learning uses. */
export const LEARN_FIELD = '\u0000learn';

/**
 * Everything personal over one base model: the user's memory (the mixture of counts, document
 * and recency caches), the fine-tuned output adapter with its training step, and the view of a
 * context the ranking rescoring uses. The base model never sees the memory: it is given the
 * adapter as a logit adjuster, and the ranking a rescorer.
 */
export class Personalization {
  private memoryNow = new PersonalMemory();
  private lastScorer?: { memory: PersonalMemory; version: number; context: string; field?: string; scorer: PersonalScorer };
  /** document caches by field (see docFor) */
  private readonly docs = new Map<string, DocCache>();
  /** dynamic evaluation of the LSTM (undefined when switched off or the model lacks its normaliser) */
  private readonly lstmAdapt?: LstmAdaptation;
  /** the adjuster handed to the base when the LSTM has deltas: the adapter's and the deltas' versions it was made for */
  private combined?: { adapter: number; delta: number; adjuster: LogitAdjuster };

  /** `options.lstmAdapt` false: the LSTM's own weights never adapt (the ablation `--no-lstm-adapt`). */
  constructor(private readonly base: BaseModel, options: { lstmAdapt?: boolean } = {}) {
    base.setAdjuster(() => this.adjuster());
    if ((options.lstmAdapt ?? DYNAMIC.on) && base.model.adaptMs) this.lstmAdapt = new LstmAdaptation(base, base.model.adaptMs);
  }

  get memory(): PersonalMemory { return this.memoryNow; }
  /** Replaces the memory (after loading a checkpoint, or to reset). */
  set memory(m: PersonalMemory) { this.memoryNow = m; this.lastScorer = undefined; }

  /**
   * The rescorer for the word after `context`. It is there from the first word typed: while the
   * memory is empty, the document being written still is (its words and pairs, under the gate's
   * prior weights). `doc`: a document cache of the caller's own (a phrase hypothesis's text), so
   * the field's cache is not rebuilt.
   */
  rescorer(context: string, doc?: DocCache, field?: string): Rescorer {
    const scorer = doc ? this.memoryNow.context(context, doc) : this.scorer(context, field), counts = this.memoryNow.counts;
    return {
      candidates: (prefix) => scorer.candidates(prefix),
      p: (key, pBase) => scorer.p(key, pBase),
      ownWords: (key, limit) => wordsWithPrefix(counts, key, limit),
    };
  }

  /** The user's own spelling of a folded word, if they wrote it. */
  spelling(key: string): string | undefined { return this.memoryNow.counts.display.get(key); }

  /** Probability of a folded word under the mixture, given its base probability. */
  wordProb(context: string, key: string, pBase: number): number {
    return this.scorer(context).p(key, pBase);
  }

  /**
   * Learns one word the user wrote after `context` (before it is counted): the memory's gate
   * scores it, and the fine-tuned output adapter is judged on it (with and without the adapter,
   * before training) and then takes one SGD step toward it. `pBase` is the word's base
   * probability, asked only for a word the LSTM does not have.
   */
  learnWord(context: string, key: string, pBase: () => number): void {
    const pm = this.memoryNow, id = this.base.vocab.wordId(key);
    if (!TUNING.on || id === undefined) {
      const pb = pBase();
      pm.observeWord(context, key, () => pb);
      return;
    }
    const { V, E } = this.base.lstm.shape;
    this.fitTuner();
    const tuner = (pm.tuner ??= new FineTuner(V, E));
    const judged = tuner.wantsJudgement();
    const d = this.base.detailed(context, LEARN_FIELD, judged ? id : undefined);
    pm.observeWord(context, key, () => d.probs[id]);
    if (judged) tuner.judge(d.probs[id], (1 - d.lambda) * d.plain + d.lambda * d.ngramProb(id));
    const dyn = this.dynamic(tuner);
    if (dyn && this.lstmAdapt) {
      // Read before the adapter steps: its biases are the ones this prediction used.
      const bias = tuner.adapter.bias, outBias = this.base.lstm.outBias;
      this.lstmAdapt.observe(dyn, d.run, id, (t) => outBias[t] + bias[t]);
      if (dyn.guard.wantsJudgement()) {
        const without = this.lstmAdapt.plainProb(id, (r, logits) => tuner.adapter.apply(r, logits));
        dyn.guard.judge(d.probs[id], (1 - d.lambda) * without + d.lambda * d.ngramProb(id));
      }
    }
    // The adapter is trained for the LSTM's share of the gated base probability (its responsibility).
    tuner.train(d.r, d.lstmProbs, id, ((1 - d.lambda) * d.lstmProbs[id]) / Math.max(d.probs[id], 1e-12));
  }

  /**
   * What the LSTM deltas are made for: the model file itself (its name and checksum), not only
   * its name, which a retrained model keeps; deltas fitted to other weights would only be noise.
   */
  private get modelId(): string { const m = this.base.model.meta; return m.id ?? m.name; }

  /** The memory's LSTM deltas, created for this model if it has none, or undefined when the LSTM does not adapt. */
  private dynamic(tuner: FineTuner): DynamicEval | undefined {
    if (!this.lstmAdapt) return undefined;
    const name = this.modelId, shape = this.base.lstm.shape, d = tuner.lstm;
    if (!d || d.model !== name || d.shape.V !== shape.V || d.shape.E !== shape.E || d.shape.H !== shape.H) tuner.lstm = new DynamicEval(shape, name);
    return tuner.lstm;
  }

  /**
   * The memory's view of a context, reused while the field, the context and the memory stay the
   * same (keystrokes within a word). `field`: whose document cache to use (the memory's own
   * when undefined).
   */
  private scorer(context: string, field?: string): PersonalScorer {
    const pm = this.memoryNow, c = this.lastScorer;
    if (c && c.memory === pm && c.version === pm.version && c.context === context && c.field === field) return c.scorer;
    const scorer = pm.context(context, field === undefined ? undefined : this.docFor(field));
    this.lastScorer = { memory: pm, version: pm.version, context, field, scorer };
    return scorer;
  }

  /**
   * The document cache of a field, the most recently used kept last. Each field's text grows on
   * its own, so one cache for all would be rebuilt from the whole text whenever the requests
   * alternate between fields (a word and the look-ahead after it, at every keystroke).
   */
  private docFor(field: string): DocCache {
    let doc = this.docs.get(field);
    if (doc) this.docs.delete(field);
    else doc = new DocCache();
    this.docs.set(field, doc);
    if (this.docs.size > DOC_FIELDS) this.docs.delete(this.docs.keys().next().value!);
    return doc;
  }

  /** Forgets a field's document cache (the field is gone). */
  forgetField(field: string): void {
    this.docs.delete(field);
    if (this.lastScorer?.field === field) this.lastScorer = undefined;
  }

  /** The adapter the base applies: the memory's, once it fits this model. */
  private adjuster(): LogitAdjuster | undefined {
    this.fitTuner();
    const tuner = this.memoryNow.tuner, adapter = tuner?.adapter;
    const dyn = this.lstmAdapt && tuner?.lstm?.model === this.modelId ? tuner.lstm : undefined;
    if (!adapter || !dyn) return adapter;
    const delta = dyn.delta, c = this.combined;
    if (c && c.adapter === adapter.version && c.delta === delta.version && c.adjuster.lstmDelta === delta) return c.adjuster;
    // Versions of its own (negative: the adapter's are positive), new whenever either part changes.
    const adjuster: LogitAdjuster = { version: --combinedVersions, apply: (r, logits) => adapter.apply(r, logits), lstmDelta: delta };
    this.combined = { adapter: adapter.version, delta: delta.version, adjuster };
    return adjuster;
  }

  /**
   * Makes the memory's fine-tuned adapter fit this model: one made for the model this one
   * replaces is carried over word by word (model-file `previous`); one made for any other
   * model is dropped. The rest of the memory is keyed by words and needs nothing.
   */
  private fitTuner(): void {
    const pm = this.memoryNow, { V, E } = this.base.lstm.shape, old = pm.tuner?.adapter, previous = this.base.model.previous;
    if (!old || (old.V === V && old.E === E)) return;
    pm.tuner = previous && old.V === previous.ids.length
      ? FineTuner.fromJSON({ adapter: remapAdapter(old, previous.ids, V, E).toJSON() })
      : undefined;
  }
}
