import type { BaseModel } from '../model/base-model';
import type { CandidateRanker, Scored } from '../model/ranking';
import type { Personalization } from '../learn/personalization';
import { DocCache } from '../learn/personal-cache';
import { isWordKey } from '../learn/personal-ngram';
import { matchKey, PrefixIndex } from '../text/prefix-index';
import { foldCase } from '../text/tokenize';

export interface PhraseOptions {
  /**
   * Least probability, under the model and the user's mixture, that the text continues with
   * the whole phrase: below it nothing is shown (a wrong phrase costs more than a missing one).
   */
  threshold: number;
  /** words after the one being typed */
  maxWords: number;
  /** hypotheses kept per step, by length-normalised log-probability */
  beam: number;
}

/** Chosen on the public texts for precision (`../shared/eval/phrase.py`, README "Phrase suggestions"). */
export const PHRASE: PhraseOptions = { threshold: 0.5, maxWords: 4, beam: 3 };

/** A way the text may go on after the first word: the text appended and its probability given the first word. */
interface Continuation { tail: string; words: number; p: number }

interface Hypothesis extends Continuation {
  /** the field's text with the hypothesis (no trailing space) */
  text: string;
  /** tokens after the first word (words and commas), for length normalisation */
  steps: number;
  logp: number;
  /** folded last word (or comma) of the hypothesis */
  last: string;
  /** the field whose LSTM run is at `text`'s parent, forked for this hypothesis */
  from: string;
  comma: boolean;
  /** whether a step of it came from the user's habit, whose trust is then paid (a phrase's steps are one habit, not independent) */
  trusted: boolean;
}

/** Continuation searches kept (a word being typed reuses its own while its best word stays). */
const CACHED = 8;
const OWN_FIELD = '\u0000phrase';
/**
 * How many of the user's followers of a context are tried, how often the context must have been
 * written to count as a habit (once is no habit), and the pseudo-count against trusting it.
 */
const HABIT_FOLLOWERS = 4, HABIT_MIN = 2, HABIT_PRIOR = 1;

/**
 * Phrase suggestions: beam search from the word being typed over the base model and the
 * user's mixture, with an LSTM state per hypothesis (forked from the field's, so each runs only
 * its own tokens), stopping at sentence punctuation (only commas are crossed) or after
 * `maxWords`. Only hypotheses whose probability can still reach the threshold are expanded, so
 * where nothing is sure the search costs nothing; a continuation found after a word is reused
 * while the user types that word.
 */
export class PhraseSearch {
  private index?: PrefixIndex;
  private readonly commaId: number;
  private cache = new Map<string, Continuation[]>();
  private cacheVersion?: { memory: object; version: number };
  private blocked: ReadonlySet<string> = new Set();
  private readonly rootDoc = new DocCache();

  constructor(
    private readonly base: BaseModel,
    private readonly ranker: CandidateRanker,
    private readonly personal: Personalization,
    readonly options: PhraseOptions = PHRASE,
  ) {
    this.commaId = base.vocab.pieceId({ kind: 'punct', text: ',' } as Parameters<BaseModel['vocab']['pieceId']>[0]);
  }

  /**
   * The phrase for the word being typed and the words after it (what accepting inserts in place
   * of `prefix`), or undefined when none is sure enough. `ranked` and `shown` are the field's
   * suggestions for the word (scores and cased text), `probs` the base distribution they came
   * from, and the field's LSTM run is at `context`.
   */
  find(field: string, context: string, prefix: string, ranked: readonly Scored[], shown: readonly string[], probs: Float32Array): string | undefined {
    const { threshold } = this.options, typed = matchKey(prefix);
    const shares = this.firstWordShares(probs, prefix, ranked), habit = this.habit(context);
    const fromHabit = ranked.map((s) => (habit ? habit.trust * habit.p(s.key, this.ranker.baseProb(s.key, probs)) : 0));
    const confidence = ranked.map((_, i) => Math.max(shares[i], fromHabit[i]));
    let best: { text: string; value: number } | undefined;
    ranked.forEach((s, i) => {
      const share = confidence[i];
      if (share < threshold || !matchKey(s.key).startsWith(typed)) return;
      for (const c of this.continuations(field, context, shown[i], fromHabit[i] > shares[i])) {
        const p = share * c.p, value = p * c.words; // expected words taken beyond the first
        if (p >= threshold && (!best || value > best.value)) best = { text: shown[i] + c.tail, value };
      }
    });
    return best?.text;
  }

  /**
   * Probability of each ranked word given what is typed of it: its mixture probability over the
   * mass of the words that start so (the ranked ones under the mixture, the rest under the base).
   */
  private firstWordShares(probs: Float32Array, prefix: string, ranked: readonly Scored[]): number[] {
    if (!prefix) return ranked.map((s) => s.p);
    const [lo, end] = (this.index ??= this.vocabularyIndex()).range(matchKey(prefix));
    let baseMass = 0, rankedBase = 0, rankedMass = 0;
    for (let i = lo; i < end; i++) baseMass += probs[this.index.idAt(i)];
    for (const s of ranked) { rankedMass += s.p; rankedBase += this.ranker.baseProb(s.key, probs); }
    const mass = rankedMass + Math.max(0, baseMass - rankedBase);
    return ranked.map((s) => (mass > 0 ? s.p / mass : 0));
  }

  private vocabularyIndex(): PrefixIndex {
    const { words, firstWord } = this.base.vocab;
    return new PrefixIndex(words, Int32Array.from(words, (_, i) => firstWord + i));
  }

  /**
   * Continuations after `first` with a probability of at least the threshold, searched or
   * reused (the same for every letter typed of the word: its share only decides what is offered).
   */
  private continuations(field: string, context: string, first: string, trusted: boolean): Continuation[] {
    const memory = this.personal.memory;
    if (this.cacheVersion?.memory !== memory || this.cacheVersion.version !== memory.version) {
      this.cache.clear();
      this.cacheVersion = { memory, version: memory.version };
    }
    const key = `${context}\u0001${first}\u0001${trusted}`, hit = this.cache.get(key);
    if (hit) return hit;
    const found = this.search(field, context, first, this.options.threshold, trusted);
    this.cache.set(key, found);
    if (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value!);
    return found;
  }

  private search(field: string, context: string, first: string, floor: number, trusted: boolean): Continuation[] {
    const text = context + first;
    const { beam, maxWords } = this.options, found: Continuation[] = [], own: string[] = [];
    let frontier: Hypothesis[] = [{ text, last: foldCase(first), tail: '', words: 0, p: 1, steps: 0, logp: 0, from: field, comma: false, trusted }];
    try {
      while (frontier.length) {
        const next: Hypothesis[] = [];
        for (const h of frontier) {
          const name = `${OWN_FIELD}${own.length}`;
          if (!this.base.fields.fork(h.from, name)) continue;
          own.push(name);
          for (const child of this.expand(h, name, floor)) {
            next.push(child);
            if (!child.comma) found.push({ tail: child.tail, words: child.words, p: child.p });
          }
        }
        const normalised = (h: Hypothesis) => h.logp / h.steps;
        frontier = next.filter((h) => h.words < maxWords).sort((a, b) => normalised(b) - normalised(a)).slice(0, beam);
      }
    } finally {
      for (const name of own) this.base.fields.forget(name);
    }
    return found;
  }

  /** The hypothesis followed by each word (or a comma) that keeps it at `floor` or above. */
  private expand(h: Hypothesis, field: string, floor: number): Hypothesis[] {
    const context = `${h.text} `, probs = this.base.nextWordProbs(context, field);
    // A document cache of the search's own (the field's would be rebuilt for every hypothesis): the
    // first step's grows with the field's text as the user takes the words searched after.
    const doc = (h.steps === 0 ? this.rootDoc : new DocCache()).update(context), rescorer = this.personal.rescorer(context, doc);
    const habit = this.habit(context, doc), next = new Map<string, number>();
    const habitP = (key: string, pBase: number) => (habit ? (h.trusted ? 1 : habit.trust) * habit.p(key, pBase) : 0);
    // Where the user's texts ended after this word, the phrase most likely ends too (a sign-off's last name).
    const goOn = this.goesOn(h.last, habit?.afterLast ?? 0);
    for (const s of this.ranker.rank(probs, context, '', this.options.beam + 1, rescorer)) if (isWordKey(s.key)) next.set(s.key, s.p);
    for (const key of habit?.followers ?? []) {
      if (this.blocked.has(key)) continue;
      const pBase = this.ranker.baseProb(key, probs);
      next.set(key, Math.max(next.get(key) ?? rescorer?.p(key, pBase) ?? pBase, habitP(key, pBase)));
    }
    const out: Hypothesis[] = [];
    const step = (text: string, last: string, tail: string, pNext: number, words: number, comma: boolean, pBase: number) => {
      const p = pNext * goOn, trusted = h.trusted || habitP(last, pBase) >= pNext;
      if (h.p * p >= floor) out.push({ text, last, tail, words, p: h.p * p, steps: h.steps + 1, logp: h.logp + Math.log(p), from: field, comma, trusted });
    };
    for (const [key, p] of next) {
      const word = this.ranker.cased([{ key, p }], context, '', (k) => this.personal.spelling(k))[0];
      step(context + word, key, `${h.tail} ${word}`, p, h.words + 1, false, this.ranker.baseProb(key, probs));
    }
    if (!h.comma) {
      const pBase = probs[this.commaId];
      step(`${h.text},`, ',', `${h.tail},`, Math.max(rescorer?.p(',', pBase) ?? pBase, habitP(',', pBase)), h.words, true, pBase);
    }
    return out;
  }

  /**
   * The user's habit after a context: where they wrote its last two words before, what followed
   * (their own n-gram), trusted by how often: n/(n + 1) for n ≥ 2 times, once per phrase. The mixture weighs the
   * n-gram by how well it predicts words in general, which undersells a sign-off written three times.
   */
  private habit(context: string, doc?: DocCache): { followers: string[]; afterLast: number; trust: number; p(key: string, pBase: number): number } | undefined {
    const memory = this.personal.memory;
    if (memory.empty) return undefined;
    const { ngram } = memory.context(context, doc), n = ngram.evidence.tri >= HABIT_MIN ? ngram.evidence.tri : 0, trust = n / (n + HABIT_PRIOR);
    return {
      followers: n ? ngram.candidates('', HABIT_FOLLOWERS) : [],
      afterLast: ngram.evidence.bi,
      trust,
      p: (key, pBase) => (n ? ngram.p(key, pBase) : 0),
    };
  }

  /**
   * How likely the text goes on after the user's word `key`, from how often they wrote it
   * (`afterLast` of those times something followed it): 1 for a word they never wrote.
   */
  private goesOn(key: string, afterLast: number): number {
    const written = this.personal.memory.counts.uni.get(key) ?? 0;
    return written > afterLast ? (afterLast + 1) / (written + 1) : 1;
  }

  /** Folded words never offered (the user's blocked words). */
  setBlocked(keys: ReadonlySet<string>): void {
    this.blocked = new Set(keys);
    this.cache.clear();
  }
}
