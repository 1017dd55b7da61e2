/**
 * Where the personal gain comes from, and how much more the user's memory could give (issues 12,
 * 17, 19), in process: types each writer's test text as ../shared/eval/score.py --personal does
 * (before learning, then after learning adapt.txt, each test document learned once typed; both
 * through the extension's learning pipeline, as `serve`), and sorts every word by what the user
 * had written before it (in adapt.txt and the test documents before, never the document itself):
 *   doc  — the word is earlier in the same document (the document cache knows it before learning),
 *   tri  — the user wrote it after the same two words,  bi — after the same word,
 *   uni  — the user wrote it, never after this word,     new — the user never wrote it.
 * For each kind: its share of the words, its keystrokes saved before and after learning (KSR
 * points of the writer's text), and the words suggested before a letter is typed. Then the
 * ceiling of a perfect memory of contexts: KSR after learning if every `tri` and `bi` word (or
 * every `tri` word alone, or every word the user wrote before that the base model lacks) were
 * suggested before its first letter; and how often a `tri` or `bi`
 * word is suggested before a letter by how many other words the user wrote as often or more after the same word.
 *
 *   npx tsx scripts/eval/personal-headroom.ts [--personal DIR] [--words N]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../../src/engine/engine';
import { readDocs, subsample, typingKeys } from './metrics';
import { ServeSession } from './serve';

const { values: v } = parseArgs({ options: { personal: { type: 'string', default: '../shared/eval/data/en/personal' }, words: { type: 'string', default: '0' } } });
/** METRICS.md's word: letters or digits, joined by inner apostrophes. */
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const KINDS = ['doc', 'tri', 'bi', 'uni', 'new'] as const;
type Kind = (typeof KINDS)[number];
const engine = createEngine(new Uint8Array(readFileSync('models/en.inkling')), { typos: true });
/** The ceilings: which words a perfect memory would suggest before their first letter. */
const CEILINGS: Record<string, (kind: Kind, word: string) => boolean> = {
  'tri + bi word': (kind) => kind === 'tri' || kind === 'bi',
  'tri word': (kind) => kind === 'tri',
  // What new-word embeddings (issue 17) could do at most for the words themselves.
  'word the model lacks that the user wrote before': (kind, word) => kind !== 'new' && kind !== 'doc' && !engine.knowsWord(word),
};

/** What the user wrote: words, word pairs and triples, lowercased; and what followed each word. */
class History {
  private readonly seen = new Set<string>();
  private readonly followers = new Map<string, Map<string, number>>();
  add(doc: string): void {
    let a = '', b = '';
    for (const m of doc.matchAll(WORD)) {
      const w = m[0].toLowerCase(), row = this.followers.get(b) ?? new Map<string, number>();
      this.seen.add(w).add(`${b} ${w}`).add(`${a} ${b} ${w}`);
      this.followers.set(b, row.set(w, (row.get(w) ?? 0) + 1));
      a = b; b = w;
    }
  }
  /** How many other words followed `b` at least as often as `w` did (0: w is what the user wrote most after b). */
  followerRank(b: string, w: string): number {
    const row = this.followers.get(b), c = row?.get(w) ?? 0;
    let rank = -1; // w itself is counted below
    for (const n of row?.values() ?? []) if (n >= c) rank++;
    return Math.max(0, rank);
  }
  kind(a: string, b: string, w: string, inDoc: ReadonlySet<string>): Kind {
    if (inDoc.has(w)) return 'doc';
    if (this.seen.has(`${a} ${b} ${w}`)) return 'tri';
    if (this.seen.has(`${b} ${w}`)) return 'bi';
    return this.seen.has(w) ? 'uni' : 'new';
  }
}

interface Tally { words: number; saved: number; atStart: number }
interface Typed { chars: number; keys: number; ceiling: Record<string, number>; byKind: Record<Kind, Tally>; byRank: Tally[] }
/** Words written after the same word, by how many of its other followers the user wrote as often or more (0, 1, 2, 3 or more). */
const RANKS = 4;

/**
 * Types the documents as metrics.evaluate does (metrics.typingKeys), with each word's keystrokes
 * counted to its kind, and, for each ceiling, the keystrokes if its words were suggested at once.
 */
async function typeDocs(docs: string[], predict: (c: string, p: string) => string[], history: History, observe?: (doc: string) => Promise<unknown>): Promise<Typed> {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { words: 0, saved: 0, atStart: 0 }])) as Record<Kind, Tally>;
  const byRank = Array.from({ length: RANKS }, () => ({ words: 0, saved: 0, atStart: 0 }));
  const t: Typed = { chars: 0, keys: 0, ceiling: Object.fromEntries(Object.keys(CEILINGS).map((c) => [c, 0])), byKind, byRank };
  for (const doc of docs) {
    t.chars += [...doc].length;
    const typed: { w: string; kind: Kind; at: number }[] = [], inDoc = new Set<string>();
    let a = '', b = '';
    t.keys += await typingKeys(doc, (m) => {
      const letters = [...m[0]], w = m[0].toLowerCase(), kind = history.kind(a, b, w, inDoc);
      let at = -1; // letters typed before it was suggested
      for (let i = 0; i < letters.length && at < 0; i++) if (predict(doc.slice(0, m.index), letters.slice(0, i).join('')).slice(0, 3).some((p) => p.toLowerCase() === w)) at = i;
      const saved = at < 0 ? 0 : letters.length - at - 1;
      for (const k of kind === 'tri' || kind === 'bi' ? [byKind[kind], byRank[Math.min(RANKS - 1, history.followerRank(b, w))]] : [byKind[kind]]) {
        k.words++; k.saved += saved; k.atStart += +(at === 0);
      }
      typed.push({ w, kind, at });
      inDoc.add(w); a = b; b = w;
      return at;
    });
    for (const [c, sureOf] of Object.entries(CEILINGS)) {
      let i = 0;
      t.ceiling[c] += await typingKeys(doc, () => { const x = typed[i++]; return sureOf(x.kind, x.w) ? 0 : x.at; });
    }
    await observe?.(doc);
  }
  return t;
}

const session = await ServeSession.open(engine);
const predict = (context: string, prefix: string) => engine.predict({ field: 'eval', context, prefix, k: 3 });
const pts = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}`, pct = (x: number) => (x * 100).toFixed(2);
const mean: Record<string, number> = { gain: 0, ...Object.fromEntries(Object.keys(CEILINGS).map((c) => [c, 0])) };
const writers = readdirSync(v.personal).sort();
for (const name of writers) {
  const test = subsample(readDocs(join(v.personal, name, 'test.txt')), Number(v.words)), adapt = readDocs(join(v.personal, name, 'adapt.txt'));
  // The same history sorts both runs' words, so a kind holds the same words before and after.
  const history = () => { const h = new History(); for (const d of adapt) h.add(d); return h; };
  await session.reset();
  const hb = history(), before = await typeDocs(test, predict, hb, async (d) => hb.add(d));
  const ha = history();
  for (const d of adapt) await session.learn(d);
  const after = await typeDocs(test, predict, ha, async (d) => { ha.add(d); await session.learn(d); });
  await session.reset();
  const ksr = (keys: number) => 1 - keys / after.chars, total = after.byKind;
  const words = KINDS.reduce((n, k) => n + total[k].words, 0);
  mean.gain += (ksr(after.keys) - ksr(before.keys)) / writers.length;
  console.log(`${name}: KSR ${pct(ksr(before.keys))} → ${pct(ksr(after.keys))} % (${pts(ksr(after.keys) - ksr(before.keys))} pts), ${words} words`);
  for (const k of KINDS) {
    const b = before.byKind[k], x = total[k];
    console.log(`  ${k.padEnd(4)} ${((x.words / words) * 100).toFixed(1).padStart(5)} % of words: saves ${pct(b.saved / after.chars)} → ${pct(x.saved / after.chars)} KSR pts, suggested before a letter ${((b.atStart / Math.max(1, b.words)) * 100).toFixed(1)} → ${((x.atStart / Math.max(1, x.words)) * 100).toFixed(1)} %`);
  }
  const ranks = after.byRank.map((r, i) => `${i === RANKS - 1 ? `${i}+` : i}: ${r.words} words, ${((r.atStart / Math.max(1, r.words)) * 100).toFixed(1)} %`);
  console.log(`  tri and bi words suggested before a letter, by how many other words the user wrote as often or more after the same word — ${ranks.join('; ')}`);
  for (const c of Object.keys(CEILINGS)) {
    mean[c] += (ksr(after.ceiling[c]) - ksr(before.keys)) / writers.length;
    console.log(`  ceiling with every ${c} suggested at once: KSR ${pct(ksr(after.ceiling[c]))} % (gain ${pts(ksr(after.ceiling[c]) - ksr(before.keys))} pts)`);
  }
}
console.log(`mean gain ${pts(mean.gain)} pts; ceilings: ${Object.keys(CEILINGS).map((c) => `every ${c} at once ${pts(mean[c])}`).join(', ')}`);
process.exit(0);
