import type { Int8Lstm } from './lstm-int8';
import { zeroState, type LstmState } from './lstm-float';
import { BOS, type Vocabulary } from '../text/vocab';
import { normalizeText } from '../text/tokenize';
import { lastChars } from '../text/words';

/** Context the LSTM is given: the last tokens of the last characters (older text barely moves its state). */
const MAX_CHARS = 2000;
const MAX_TOKENS = 256;
/** Longest text after a context's last white space that a run goes on from (a long one is read whole, from the window). */
const MAX_TAIL = 200;

/** How many typing fields keep LSTM state unless the engine is told otherwise. */
export const FIELD_CAPACITY = 32;

/** The index after the last white space of a text, if it is among its last `within` + 1 characters (else 0). */
function lastWhiteSpaceEnd(text: string, within: number): number {
  for (let i = text.length - 1; i >= Math.max(0, text.length - 1 - within); i--) if (/\s/.test(text[i]!)) return i + 1;
  return 0;
}

/** The cached LSTM run over one field's context: the state after each token, and the distribution last computed there. */
export interface FieldRun {
  context: string;
  ids: number[];
  states: LstmState[];
  /** (V) the next-token distribution after `ids[0..probsFor)`, made with adjuster version `probsVersion` */
  probs?: Float32Array;
  probsFor?: number;
  probsVersion?: number;
}

/** Whether a field is one of the engine's own (learning, probes): named from "\u0000", kept outside the capacity. */
export const isOwnField = (field: string) => field.startsWith('\u0000');

/**
 * The per-field LSTM state cache: a keystroke runs only the tokens that are new since the field's
 * last call. At most `capacity` typing fields are kept (least recently used dropped first); the
 * engine's own fields do not count against it, so learning never evicts a field being typed in.
 */
export class FieldStates {
  private readonly runs = new Map<string, FieldRun>();
  private typingFields = 0;

  constructor(private readonly lstm: Int8Lstm, private readonly vocab: Vocabulary, readonly capacity = FIELD_CAPACITY) {
    if (!(capacity >= 1)) throw new RangeError(`field capacity must be at least 1, not ${capacity}`);
  }

  get size(): number { return this.runs.size; }

  /** Forgets every field's cached state (the LSTM they were run with changed). */
  clear(): void { this.runs.clear(); this.typingFields = 0; }

  /** Forgets a field's cached state (the field was closed). */
  forget(field: string): void {
    if (this.runs.delete(field) && !isOwnField(field)) this.typingFields--;
  }

  /**
   * Starts the engine's own field `to` as a copy of `from`'s run (no distribution), so a
   * hypothesis after that field's text runs only its own tokens. False if `from` has no run.
   */
  fork(from: string, to: string): boolean {
    const run = this.runs.get(from);
    if (!run || !isOwnField(to)) return false;
    this.runs.set(to, { context: run.context, ids: run.ids.slice(), states: run.states.slice() });
    return true;
  }

  /** The field's run brought up to `context`. */
  run(field: string, context: string): FieldRun {
    return this.advance(field, context, this.contextIds(context, this.runs.get(field)));
  }

  /** Token ids of the context: <s> then its last MAX_TOKENS tokens (cached for an unchanged context). */
  contextIds(context: string, run?: FieldRun): number[] {
    if (run && run.context === context) return run.ids;
    // Else from a word's start (lastChars): a fragment first would keep the run from being re-aligned on its old tokens.
    const ids = (run && this.extendedIds(run, context)) ?? this.vocab.encode(normalizeText(lastChars(context, MAX_CHARS)));
    return ids.length > MAX_TOKENS + 1 ? [BOS, ...ids.slice(ids.length - MAX_TOKENS)] : ids;
  }

  /**
   * Typing on (or learning the next word): the run's ids up to its context's last white space,
   * then the tokens of the text from there. No token spans white space, so only that text needs
   * tokenizing, in a long text too (the window is cut to MAX_TOKENS after). Undefined where the
   * context does not go on from there. Tokenizing a whole window costs a fraction of a millisecond.
   */
  private extendedIds(run: FieldRun, context: string): number[] | undefined {
    const old = run.context, cut = lastWhiteSpaceEnd(old, MAX_TAIL);
    if (cut === 0 || context.length - cut > MAX_CHARS || !context.startsWith(old.slice(0, cut))) return undefined;
    // The old context's last piece (after its last white space) is tokenized again with what follows it.
    const tail = cut < old.length ? this.vocab.encode(normalizeText(old.slice(cut))).length - 1 : 0;
    if (tail >= run.ids.length) return undefined;
    return run.ids.slice(0, run.ids.length - tail).concat(this.vocab.encode(normalizeText(context.slice(cut))).slice(1));
  }

  /**
   * Brings a field's LSTM run up to `ids`, running only tokens it has not run: those after the
   * stretch where the old run and the new ids line up (see realign). Where the window slid, the
   * states kept carry more history than the window shows, which only helps.
   */
  private advance(field: string, context: string, ids: number[]): FieldRun {
    let run = this.runs.get(field);
    if (run) this.runs.delete(field); // re-inserted below as the most recent
    else if (!isOwnField(field)) this.typingFields++;
    run ??= { context: '', ids: [BOS], states: [this.lstm.step(zeroState(this.lstm.shape), BOS)] };
    if (run.ids !== ids) {
      const { offset, agree } = realign(run.ids, ids);
      // The window's head moved back: the new ids from the old run's first token on.
      if (offset > 0) ids = [ids[0], ...ids.slice(offset + 1)];
      const drop = Math.max(0, -offset); // the window slid forward past the old run's first tokens
      if (drop > 0 || agree < run.ids.length - 1) {
        run.ids = [BOS, ...run.ids.slice(1 + drop, 1 + drop + agree)];
        run.states = [run.states[0], ...run.states.slice(1 + drop, 1 + drop + agree)];
        run.probsFor = undefined;
      }
      for (let i = run.ids.length; i < ids.length; i++) {
        run.states.push(this.lstm.step(run.states[i - 1], ids[i]));
        run.ids.push(ids[i]);
        run.probsFor = undefined;
      }
    }
    run.context = context;
    this.runs.set(field, run);
    if (this.typingFields > this.capacity) {
      for (const key of this.runs.keys()) if (!isOwnField(key)) { this.forget(key); break; }
    }
    return run;
  }
}

/** Fewest tokens two runs must agree on to line up anywhere but at their heads. */
const ALIGN_MIN = 8;
/** Furthest the window's head may move back (tokens) and still be lined up with the old run. */
const MAX_BACK = 32;

/**
 * Where the body of `old` (the run's tokens after <s>) lines up with the body of `fresh`, as the
 * offset of the old body's first token in the new one, and for how many tokens they agree from
 * there. 0: the same head (typing on, deleting). Negative: the window slid forward and the old
 * run's first −offset tokens are out of it. Positive, for a full window only: the end of the
 * text tokenized into fewer tokens (a number or an abbreviation completed), so the last
 * MAX_TOKENS reach back `offset` tokens before the old head (a shorter window holds the whole
 * text, whose start may really have changed). Elsewhere than at 0 the runs must agree on
 * ALIGN_MIN tokens, and the longest agreement wins, not the first offset where a few tokens
 * agree: a head on a repeated token ("\n", ",", a word written twice) agrees one token off too.
 * Without this a slid window would run all 256 tokens again (30 ms).
 */
function realign(old: number[], fresh: number[]): { offset: number; agree: number } {
  const agreeAt = (o: number) => {
    let n = 0;
    const a = 1 + Math.max(0, -o), b = 1 + Math.max(0, o);
    while (a + n < old.length && b + n < fresh.length && old[a + n] === fresh[b + n]) n++;
    return n;
  };
  let best = { offset: 0, agree: agreeAt(0) };
  if (best.agree === old.length - 1 || best.agree === fresh.length - 1) return best;
  const consider = (o: number) => { const n = agreeAt(o); if (n >= ALIGN_MIN && n > best.agree) best = { offset: o, agree: n }; };
  // Forward: dropping s tokens leaves at most old.length - 1 - s to agree on.
  for (let s = 1; old.length - 1 - s > Math.max(best.agree, ALIGN_MIN - 1); s++) consider(-s);
  if (fresh.length >= MAX_TOKENS + 1) for (let j = 1; j <= MAX_BACK && j + ALIGN_MIN < fresh.length; j++) consider(j);
  return best;
}
