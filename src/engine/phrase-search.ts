import type { BaseModel } from '../model/base-model';
import type { CandidateRanker, Scored } from '../model/ranking';
import type { Personalization } from '../learn/personalization';
import { DocCache } from '../learn/personal-cache';
import { isWordKey } from '../text/words';
import { foldCase } from '../text/tokenize';

export interface PhraseOptions {
  /**
   * Least probability, under the model and the user's mixture, that the text continues with
   * the whole phrase: below it nothing is shown (a wrong phrase costs more than a missing one).
   */
  threshold: number;
  /**
   * Least probability of the phrase's first word: below it no search is made (on the public
   * texts the phrases of less likely first words came true less often, and added nothing).
   */
  firstWord: number;
  /** words after the one being typed */
  maxWords: number;
  /** hypotheses kept per step, by length-normalised log-probability */
  beam: number;
  /**
   * Most hypotheses one decision extends (each an LSTM step and a softmax over the vocabulary,
   * about a quarter of a millisecond): the keystroke budget, the likelier first words first.
   */
  expansions: number;
}

/** Chosen on the public texts for precision (`../shared/eval/phrase.py`, README "Phrase suggestions"). */
export const PHRASE: PhraseOptions = { threshold: 0.15, firstWord: 0.3, maxWords: 4, beam: 3, expansions: 8 };

/** A phrase at a word boundary: its text, its probability and its words after the first. */
export interface PhraseCandidate { text: string; p: number; words: number; /** the first word's probability */ first: number }

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

const OWN_FIELD = '\u0000phrase';
/** First words a phrase may start with at a word boundary. */
const BOUNDARY_WORDS = 3;
/**
 * How many of the user's followers of a context are tried, and how often a word must have followed
 * the same two words to count as a habit: on the public writers words written twice after the same
 * two words came true again next to never (README, "Phrase suggestions").
 */
const HABIT_FOLLOWERS = 4, HABIT_MIN = 3;

/**
 * Phrase suggestions: beam search from the word being typed over the base model and the
 * user's mixture, with an LSTM state per hypothesis (forked from the field's, so each runs only
 * its own tokens), stopping at sentence punctuation (only commas are crossed) or after
 * `maxWords`. Only hypotheses whose probability can still reach the threshold are expanded, so
 * where nothing is sure the search costs nothing. It runs once per word boundary; the phrase it
 * found is reused while the user types its first word.
 */
export class PhraseSearch {
  /** the phrase decided at the last word boundary */
  private boundary?: { context: string; memory: object; version: number; phrase: string | undefined };
  private readonly commaId: number;
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
   *
   * A phrase is decided at the word boundary and kept while the letters typed fit it. Letters do
   * make the first word surer, but the words still being typed after some letters are the ones the
   * model did not foresee (the rest were taken at the first key), and its phrases there were right
   * far less often than their probability said (../shared/eval/phrase.py, README).
   */
  find(field: string, context: string, prefix: string, ranked: readonly Scored[], shown: readonly string[], probs: Float32Array): string | undefined {
    const memory = this.personal.memory, kept = this.boundary;
    let phrase: string | undefined;
    if (kept && kept.context === context && kept.memory === memory && kept.version === memory.version) phrase = kept.phrase;
    else {
      const atStart = prefix ? this.ranker.rank(probs, context, '', BOUNDARY_WORDS, this.personal.rescorer(context, undefined, field)) : ranked;
      const words = prefix ? this.ranker.cased(atStart, context, '', (key) => this.personal.spelling(key)) : shown;
      phrase = this.decide(field, context, atStart, words);
      this.boundary = { context, memory, version: memory.version, phrase };
    }
    if (!phrase || !phrase.toLowerCase().startsWith(prefix.toLowerCase()) || /\s/u.test(prefix)) return undefined;
    return prefix + phrase.slice(prefix.length); // the letters as typed
  }

  /** The best phrase at a word boundary starting with one of the ranked words, or undefined: the most words expected to be taken beyond the first. */
  private decide(field: string, context: string, ranked: readonly Scored[], shown: readonly string[]): string | undefined {
    let best: PhraseCandidate | undefined;
    for (const c of this.candidates(field, context, ranked, shown, this.options.threshold)) if (!best || c.p * c.words > best.p * best.words) best = c;
    return best?.text;
  }

  /**
   * Every phrase of at least two words starting with one of the ranked words (cased as `shown`)
   * at `firstWord` or above whose probability is at least `floor`, the field's run being at `context`.
   */
  candidates(field: string, context: string, ranked: readonly Scored[], shown: readonly string[], floor: number): PhraseCandidate[] {
    const habit = this.habit(context), out: PhraseCandidate[] = [], budget = { left: this.options.expansions };
    ranked.forEach((s, i) => {
      const fromHabit = habit ? habit.first(s.key) : 0, share = Math.max(s.p, fromHabit);
      if (share < Math.max(floor, this.options.firstWord)) return;
      for (const c of this.search(field, context, shown[i], floor / share, fromHabit > s.p, budget)) {
        if (share * c.p >= floor) out.push({ text: shown[i] + c.tail, p: share * c.p, words: c.words, first: share });
      }
    });
    return out;
  }

  /** Continuations after `first` (the field's run is at `context`) with a probability of at least `floor`, extending at most `budget.left` hypotheses. */
  private search(field: string, context: string, first: string, floor: number, trusted: boolean, budget: { left: number }): Continuation[] {
    const text = context + first;
    const { beam, maxWords } = this.options, found: Continuation[] = [], own: string[] = [];
    let frontier: Hypothesis[] = [{ text, last: foldCase(first), tail: '', words: 0, p: 1, steps: 0, logp: 0, from: field, comma: false, trusted }];
    try {
      while (frontier.length) {
        const next: Hypothesis[] = [];
        for (const h of frontier) {
          if (budget.left <= 0) break;
          budget.left--;
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
    const habitP = (key: string) => (habit ? (h.trusted ? habit.next(key) : habit.first(key)) : 0);
    // Where the user's texts ended after this word, the phrase most likely ends too (a sign-off's last name).
    const goOn = this.goesOn(h.last, habit?.afterLast ?? 0);
    for (const s of this.ranker.rank(probs, context, '', this.options.beam + 1, rescorer)) if (isWordKey(s.key)) next.set(s.key, s.p);
    for (const key of habit?.followers ?? []) {
      if (this.blocked.has(key)) continue;
      const pBase = this.ranker.baseProb(key, probs);
      next.set(key, Math.max(next.get(key) ?? rescorer?.p(key, pBase) ?? pBase, habitP(key)));
    }
    const out: Hypothesis[] = [];
    const step = (text: string, last: string, tail: string, pNext: number, words: number, comma: boolean) => {
      const p = pNext * goOn, trusted = h.trusted || habitP(last) >= pNext;
      if (h.p * p >= floor) out.push({ text, last, tail, words, p: h.p * p, steps: h.steps + 1, logp: h.logp + Math.log(p), from: field, comma, trusted });
    };
    for (const [key, p] of next) {
      const word = this.ranker.cased([{ key, p }], context, '', (k) => this.personal.spelling(k))[0];
      step(context + word, key, `${h.tail} ${word}`, p, h.words + 1, false);
    }
    if (!h.comma) {
      const pBase = probs[this.commaId];
      step(`${h.text},`, ',', `${h.tail},`, Math.max(rescorer?.p(',', pBase) ?? pBase, habitP(',')), h.words, true);
    }
    return out;
  }

  /**
   * The user's habit after a context: the words they wrote at least HABIT_MIN times after its last
   * two words (their own trigram counts, so a deleted sample takes its part with it). A phrase pays
   * for its habit once, at its first habit step, with the leave-one-out estimate (m − 1)/n of a
   * word written m of the n times the two words were: the chance the habit holds once more, not
   * counting the time being judged. Its later steps only say how the user went on, m/n. The
   * mixture weighs the n-gram by how well it predicts words in general, which undersells a
   * sign-off written three times.
   */
  private habit(context: string, doc?: DocCache): { followers: string[]; afterLast: number; first(key: string): number; next(key: string): number } | undefined {
    const memory = this.personal.memory;
    if (memory.empty) return undefined;
    const { ngram } = memory.context(context, doc), n = ngram.evidence.tri;
    const repeats = (key: string) => { const m = n >= HABIT_MIN ? ngram.triCount(key) : 0; return m >= HABIT_MIN ? m : 0; };
    return {
      followers: n >= HABIT_MIN ? ngram.candidates('', HABIT_FOLLOWERS).filter((key) => repeats(key) > 0) : [],
      afterLast: ngram.evidence.bi,
      first: (key) => { const m = repeats(key); return m ? (m - 1) / n : 0; },
      next: (key) => { const m = repeats(key); return m ? m / n : 0; },
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
    this.boundary = undefined;
  }
}
