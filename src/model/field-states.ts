import type { Int8Lstm } from './lstm-int8';
import { zeroState, type LstmState } from './lstm-float';
import { BOS, type Vocabulary } from '../text/vocab';
import { normalizeText } from '../text/tokenize';
import { lastChars } from '../text/words';

/** Context the LSTM is given: the last tokens of the last characters (older text barely moves its state). */
const MAX_CHARS = 2000;
const MAX_TOKENS = 256;
/** How many typing fields keep LSTM state unless the engine is told otherwise. */
export const FIELD_CAPACITY = 32;

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
    let ids: number[];
    if (run && context.length <= MAX_CHARS && /\s$/.test(run.context) && context.startsWith(run.context)) {
      // Typing on after a word boundary: only the new text needs tokenizing.
      ids = run.ids.concat(this.vocab.encode(normalizeText(context.slice(run.context.length))).slice(1));
    } else {
      // From a word's start: a fragment first would keep the run from being re-aligned on its old tokens.
      ids = this.vocab.encode(normalizeText(lastChars(context, MAX_CHARS)));
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
    let run = this.runs.get(field);
    if (run) this.runs.delete(field); // re-inserted below as the most recent
    else if (!isOwnField(field)) this.typingFields++;
    run ??= { context: '', ids: [BOS], states: [this.lstm.step(zeroState(this.lstm.shape), BOS)] };
    if (run.ids !== ids) {
      ids = keepHead(run.ids, ids);
      let same = commonPrefix(run.ids, ids, 0);
      if (same < run.ids.length) {
        const shift = findShift(run.ids, ids);
        if (shift > 0 && run.ids.length - shift > same) {
          run.ids = [BOS, ...run.ids.slice(shift + 1)];
          run.states = [run.states[0], ...run.states.slice(shift + 1)];
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
    this.runs.set(field, run);
    if (this.typingFields > this.capacity) {
      for (const key of this.runs.keys()) if (!isOwnField(key)) { this.forget(key); break; }
    }
    return run;
  }
}

/**
 * `fresh` from the old run's first token on, when the window's head moved back a little: the
 * end of the text tokenized into fewer tokens (a number or an abbreviation completed), so the
 * last MAX_TOKENS reach further back. Without this the whole run would be computed again (30 ms).
 * The head is where the old run agrees with `fresh` the longest, not the first place where a
 * few tokens agree: a head on a repeated token ("\n", ",", a word written twice) agrees one
 * token later too. Only for a full window: a shorter one holds the whole text, whose start may
 * really have changed.
 */
function keepHead(old: number[], fresh: number[]): number[] {
  const need = 8;
  if (fresh.length < MAX_TOKENS + 1 || old.length <= need) return fresh;
  let best = aligned(old, fresh, 0), at = 0;
  if (best === old.length - 1) return fresh; // the same head: the usual case, typing on
  for (let j = 1; j <= 32 && j + need < fresh.length; j++) {
    const n = aligned(old, fresh, j);
    if (n > best) { best = n; at = j; }
  }
  return at > 0 && best >= need ? [fresh[0], ...fresh.slice(at + 1)] : fresh;
}

/** How many body tokens of `old` (after its <s>) `fresh` repeats from its body token `j` on. */
function aligned(old: number[], fresh: number[], j: number): number {
  let n = 0;
  while (1 + n < old.length && j + 1 + n < fresh.length && old[1 + n] === fresh[j + 1 + n]) n++;
  return n;
}

/** Length of the common prefix of a[aFrom..] and b. */
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
