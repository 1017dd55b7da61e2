import { addText, emptyCounts, wordsOf, personalKeys, PersonalContext, PERSONAL_BOUNDARY, type PersonalCounts, type PersonalEvidence } from './personal-ngram';

/** Gate cells: how often the user's memory saw the bigram (5 buckets) and trigram (3) context. */
const BI_EDGES = [1, 3, 10, 30], TRI_EDGES = [1, 3];
const CELLS = (BI_EDGES.length + 1) * (TRI_EDGES.length + 1);
/** Prior weight of the user's memory, and how many observations it is worth. */
const PRIOR = 0.1, PRIOR_N = 8;
/** Older gate evidence fades so the weight follows how the user writes now. */
const DECAY = 0.999;

const bucket = (n: number, edges: number[]) => { let b = 0; while (b < edges.length && n >= edges[b]) b++; return b; };

export function personalCell(e: PersonalEvidence): number {
  return bucket(e.bi, BI_EDGES) * (TRI_EDGES.length + 1) + bucket(e.tri, TRI_EDGES);
}

/**
 * The user's fast memory: personal n-gram counts plus the weight each context gives them
 * against the base model. The weights are fitted online by EM on the user's own text, each
 * word scored *before* it is learned (prequential), so the memory is trusted exactly as much
 * as it has earned on this user's writing — it cannot be forced on a user it does not help.
 */
export class PersonalMemory {
  counts: PersonalCounts = emptyCounts();
  /** per cell: Σ responsibility of the user's memory, number of observations */
  private readonly resp = new Float64Array(CELLS);
  private readonly seen = new Float64Array(CELLS);
  /** words the user never wants suggested */
  blocked = new Set<string>();

  get empty(): boolean { return this.counts.total === 0; }

  /** Weight of the user's memory in a context with this evidence. */
  weight(e: PersonalEvidence): number {
    const c = personalCell(e);
    return (this.resp[c] + PRIOR * PRIOR_N) / (this.seen[c] + PRIOR_N);
  }

  /** The personal distribution after `context` (uses its last two tokens). */
  context(context: string): PersonalContext {
    const { keys } = personalKeys(context.slice(-200));
    const v = keys.length ? keys[keys.length - 1] : PERSONAL_BOUNDARY;
    const u = keys.length > 1 ? keys[keys.length - 2] : PERSONAL_BOUNDARY;
    return new PersonalContext(this.counts, context.length > 200 && keys.length < 2 ? '<unk>' : u, v);
  }

  /**
   * Learns a text: first scores each of its words with `pBase(contextText, word)` and the
   * memory as it stands (updating the gate), then adds the text to the counts.
   */
  learn(text: string, pBase: (context: string, wordKey: string) => number): void {
    for (const m of wordsOf(text)) this.observeWord(text.slice(0, m.index), m[0].toLowerCase(), pBase);
    this.addText(text);
  }

  /** Scores one word against the gate before it is learned (one EM step, prequential). */
  observeWord(before: string, key: string, pBase: (context: string, wordKey: string) => number): void {
    const pc = this.context(before);
    const pb = Math.max(pBase(before, key), 1e-9), pu = pc.p(key, pb);
    const cell = personalCell(pc.evidence), mu = this.weight(pc.evidence);
    for (let i = 0; i < CELLS; i++) { this.resp[i] *= DECAY; this.seen[i] *= DECAY; }
    this.resp[cell] += (mu * pu) / (mu * pu + (1 - mu) * pb);
    this.seen[cell] += 1;
  }

  /** Adds a text to the counts (after its words were observed). */
  addText(text: string): void { addText(this.counts, text); }

  /** A JSON-safe snapshot (for checkpoints and export). */
  toJSON(): object {
    const c = this.counts;
    return {
      v: 1, total: c.total, uni: [...c.uni], display: [...c.display],
      bi: [...c.bi].map(([k, r]) => [k, [...r]]), tri: [...c.tri].map(([k, r]) => [k, [...r]]),
      resp: [...this.resp], seen: [...this.seen], blocked: [...this.blocked],
    };
  }

  /** Rebuilds a memory from toJSON() output; throws TypeError on a malformed snapshot. */
  static fromJSON(o: unknown): PersonalMemory {
    const s = o as { v: number; total: number; uni: [string, number][]; display: [string, string][]; bi: [string, [string, number][]][]; tri: [string, [string, number][]][]; resp: number[]; seen: number[]; blocked: string[] };
    if (!s || s.v !== 1 || !Array.isArray(s.uni) || !Array.isArray(s.bi) || !Array.isArray(s.tri) || s.resp?.length !== CELLS || s.seen?.length !== CELLS) {
      throw new TypeError('not a personal memory snapshot of version 1');
    }
    const m = new PersonalMemory();
    m.counts = {
      total: Number(s.total) || 0, uni: new Map(s.uni), display: new Map(s.display ?? []),
      bi: new Map(s.bi.map(([k, r]) => [k, new Map(r)])), tri: new Map(s.tri.map(([k, r]) => [k, new Map(r)])),
    };
    m.resp.set(s.resp); m.seen.set(s.seen);
    m.blocked = new Set(s.blocked ?? []);
    return m;
  }
}
