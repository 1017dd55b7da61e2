/**
 * Learning at scale: learns N words of real mail (spam-assassin easy-ham-1 bodies, cleaned by
 * the corpus code; then the Brown corpus if more words are asked for) through the extension's
 * learner — capture rules, fake IndexedDB, slices of the background's length — and prints the
 * longest slice (wall and CPU time; for the longest few their GC pauses and, on Linux, how long
 * their thread was on a CPU, how long it waited for one, and what a virtual machine's host took
 * meanwhile), the checkpoint's size, a fresh learner's restore time, the JS
 * heap with ArrayBuffers (live, after forced GCs, and between GCs; and how much of it is
 * fake-indexeddb's copy of the stored records, which a browser keeps outside the worker), prediction
 * latency, and the time to forget one sample with whether everything else was kept.
 *
 *   npm run bench:heavy -- --words N [--json] [--typos off] [--heap-snapshot FILE]
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { serialize, writeHeapSnapshot } from 'node:v8';
import { parseArgs } from 'node:util';
import { createEngine, type Engine } from '../../src/engine/engine';
import { Learner } from '../../src/learn/learner';
import { addText, emptyCounts, type PersonalCounts } from '../../src/learn/personal-ngram';
import { listCheckpoints } from '../../src/storage/checkpoints';
import { openInklingDB, type InklingDatabase } from '../../src/storage/db';
import { listSamples } from '../../src/storage/samples';
import { brownDocuments, mailDocuments } from '../corpus/english';
import { countWords } from './metrics';
import { GcPauses } from './gc-pauses';
import { hostSteal, threadTime, threadTimeBetween, type ThreadTime } from './thread-time';
import { LEARNING_SLICE_MS as SLICE_MS } from '../../src/background/learning';


const { values: v } = parseArgs({ options: { words: { type: 'string', default: '10000' }, json: { type: 'boolean', default: false }, typos: { type: 'string', default: 'on' }, 'heap-snapshot': { type: 'string' } } });
// --typos off: without the correction of keyboard slips, to see what they cost at this size.
const engineOptions = { typos: v.typos !== 'off' };
const want = Number(v.words);
if (!(want > 0)) throw new Error('--words must be a positive number');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:heavy does)');
const say = (line: string) => { if (v.json) console.error(line); else console.log(line); };

/** Documents (one per message or Brown sample) until `want` words, and a few held out for predictions. */
function corpus(): { docs: string[]; heldOut: string[] } {
  const docs: string[] = [], heldOut: string[] = [];
  let words = 0;
  for (const source of [mailDocuments, brownDocuments]) {
    for (const d of source()) {
      const text = d.paragraphs.join('\n');
      if (words >= want) { if (heldOut.length < 100) heldOut.push(text); else return { docs, heldOut }; continue; }
      docs.push(text); words += countWords(text);
    }
  }
  return { docs, heldOut };
}

const typed = { pastedRanges: [] as [number, number][], field: { sensitive: false }, site: { blocked: false, incognito: false }, settings: { learning: true } };
/**
 * The model file, read for each engine and not kept: the background drops its bytes once the
 * engine is built (src/background/lazy-engine.ts), which copies what it needs.
 */
const modelBytes = () => new Uint8Array(readFileSync('models/en.inkling'));
const percentile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0; };
/** The JS heap with the ArrayBuffers' contents (the n-gram table's typed arrays live there, outside heapUsed). */
const heapMB = () => { const m = process.memoryUsage(); return (m.heapUsed + m.arrayBuffers) / 2 ** 20; };
/**
 * The live heap: a forced GC, a moment for V8 to finish freeing the ArrayBuffers it found dead
 * (it does that on another thread), and another GC. Read right after a single GC the same
 * live set (59.4 MB in a heap snapshot at 350k) read anywhere from 58 to 66 MB.
 */
async function liveHeapMB(): Promise<number> {
  gc!();
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc!();
  return heapMB();
}

/**
 * What a user typing held-out text asks, in order: before each word, the next word, then the
 * word after its first one and two letters (the predictor carries its state along a field, as
 * in the extension, so each request costs what typing it would).
 */
function contexts(heldOut: string[]): { context: string; prefix: string }[] {
  const out: { context: string; prefix: string }[] = [];
  for (const doc of heldOut) {
    for (const m of doc.matchAll(/[\p{L}]+/gu)) {
      if (out.length >= 600) return out;
      const context = doc.slice(0, m.index);
      for (const n of [0, 1, 2]) if (n < m[0].length) out.push({ context, prefix: m[0].slice(0, n) });
    }
  }
  return out;
}

function predictMs(engine: Engine, c: { context: string; prefix: string }): number {
  const t0 = performance.now();
  engine.predict({ field: 'bench', context: c.context, prefix: c.prefix, k: 3 });
  return performance.now() - t0;
}

/** Counts of learning `texts` from scratch (the n-gram counts are sums: no model needed). */
function countsOf(texts: readonly string[]): PersonalCounts {
  const c = emptyCounts();
  for (const t of texts) addText(c, t);
  return c;
}

function sameCounts(a: PersonalCounts, b: PersonalCounts): boolean {
  const rows = (m: Iterable<[string, Map<string, number>]>) => JSON.stringify([...m].map(([k, r]) => [k, [...r].sort()]).sort());
  const flat = (m: Map<string, unknown>) => JSON.stringify([...m].sort());
  return a.total === b.total && flat(a.uni) === flat(b.uni) && flat(a.lower) === flat(b.lower) && flat(a.display) === flat(b.display)
    && rows(a.forms) === rows(b.forms) && rows(a.bi) === rows(b.bi) && rows(a.tri) === rows(b.tri);
}

/**
 * fake-indexeddb keeps every stored record (samples, checkpoint parts) in this heap, which a
 * browser keeps in its storage, outside the service worker: their size (as serialized) tells
 * the worker's own heap apart from the total.
 */
async function storedMB(db: InklingDatabase): Promise<number> {
  let bytes = 0;
  for (const store of db.objectStoreNames) for (const record of await db.getAll(store)) bytes += serialize(record).byteLength;
  return bytes / 2 ** 20;
}

async function checkpointBytes(db: InklingDatabase): Promise<number> {
  return (await listCheckpoints(db)).reduce((s, c) => s + c.bytes, 0);
}

const { docs, heldOut } = corpus();
const words = docs.reduce((s, d) => s + countWords(d), 0), sampleCount = docs.length;
const db = await openInklingDB(new IDBFactory());
const engine = createEngine(modelBytes(), engineOptions);
const learner = new Learner(db, engine, 'en');
const start = Date.now();
for (const [i, text] of docs.entries()) await learner.capture({ ...typed, text }, { draftKey: `d${i}`, origin: 'https://bench.test', now: start + i });
// The corpus is the bench's, not the worker's: from here on the text lives only in storage.
docs.length = 0;
// As the background does when it loads a learner (src/background/learners.ts): restore before any slice.
await learner.restore();
const probes = contexts(heldOut);
const heapBase = await liveHeapMB();

// Learning: every slice timed; one prediction after each finished sample (the caches it rebuilds count).
const t0 = performance.now(), steal0 = hostSteal();
const slices: number[] = [], sliceCpu: number[] = [], whileLearning: number[] = [];
// Slices that learned words and slices that wrote storage (checkpoints, pieces of a base), apart;
// and the slow ones (over a frame, 16 ms) with when they began, to find GC pauses inside them.
const learningSlices: number[] = [], checkpointSlices: number[] = [], pieceSlices: number[] = [];
interface TimedSlice { start: number; ms: number; kind: 'learning' | 'checkpoint' | 'base piece'; thread?: ThreadTime }
const slow: TimedSlice[] = [];
/** The LONGEST_KEPT longest slices, longest first: what held them (GC, waiting for a CPU, their own work). */
const LONGEST_KEPT = 5, longest: TimedSlice[] = [];
const pauses = new GcPauses();
// Live heap: after a forced GC, every LIVE_EVERY_MS of learning, with fake-indexeddb's records at
// that moment (a base being written again holds two bases there); "seen": what the heap held
// between GCs. By time, not by slices, so shorter slices are not read (and disturbed) more often:
// the slice after a reading is timed like any other, and often runs slow (at 350k words its first
// word took 11-15 ms after the forced GCs, where words take about 1 ms).
const LIVE_EVERY_MS = 2000;
let heapPeak = 0, workerPeak = 0, heapSeen = 0, probe = 0, learningMs = 0, nextReading = LIVE_EVERY_MS;
for (;;) {
  // CPU time beside wall time: on a shared machine a slice's wall time also counts other processes' turns.
  // And this thread's own time on a CPU and waiting for one, read outside the timed part.
  const th0 = threadTime(), s0 = performance.now(), c0 = process.cpuUsage();
  const r = await learner.runSlice(SLICE_MS, () => performance.now());
  const ms = performance.now() - s0, th = threadTimeBetween(th0, threadTime());
  slices.push(ms);
  learningMs += ms;
  (r.stored === 'checkpoint' ? checkpointSlices : r.stored ? pieceSlices : learningSlices).push(ms);
  const timed: TimedSlice = { start: s0, ms, kind: r.stored ?? 'learning', thread: th };
  if (ms > 16) slow.push(timed);
  if (longest.length < LONGEST_KEPT || ms > longest[longest.length - 1].ms) {
    longest.splice(longest.findIndex((x) => x.ms < ms) >>> 0, 0, timed);
    longest.length = Math.min(longest.length, LONGEST_KEPT);
  }
  const c = process.cpuUsage(c0);
  sliceCpu.push((c.user + c.system) / 1000);
  heapSeen = Math.max(heapSeen, heapMB());
  if (learningMs >= nextReading) {
    nextReading += LIVE_EVERY_MS;
    const heap = await liveHeapMB(), stored = await storedMB(db);
    heapPeak = Math.max(heapPeak, heap); workerPeak = Math.max(workerPeak, heap - stored);
    gc(); // the copies storedMB read go now, not in the next slice
  }
  if (r.learned) whileLearning.push(predictMs(engine, probes[probe++ % probes.length]));
  if (!r.more) break;
}
const learnS = (performance.now() - t0) / 1000, hostStealS = (hostSteal() - steal0) / 1000;
await pauses.stop();
const withGc = (s: TimedSlice) => ({ ...s, gc: pauses.within(s.start, s.start + s.ms) });
const slowGc = slow.map(withGc);
const longestWithoutGc = Math.max(0, ...slices.filter((x) => x <= 16), ...slowGc.map((s) => s.ms - s.gc));
// A slice's own work: its time neither in the collector's pauses nor waiting for a CPU; every
// slice but the longest few took at most what the shortest of those took.
const longestGc = longest.map(withGc);
const ownMs = (s: (typeof longestGc)[number]) => Math.max(0, s.ms - s.gc - (s.thread?.waitMs ?? 0));
const longestOwn = Math.max(longest[longest.length - 1]?.ms ?? 0, ...longestGc.map(ownMs));
const heapRetained = await liveHeapMB();
// --heap-snapshot FILE: what the heap holds once everything is learned (open it in DevTools' Memory tab).
if (v['heap-snapshot']) say(`heap snapshot: ${writeHeapSnapshot(v['heap-snapshot'])}`);
const bytes = await checkpointBytes(db);
say(`learned ${words} words (${sampleCount} samples) in ${learnS.toFixed(1)} s, ${slices.length} slices of ${SLICE_MS} ms: longest ${Math.max(...slices).toFixed(1)} ms, p99 ${percentile(slices, 0.99).toFixed(1)} ms (CPU time: longest ${Math.max(...sliceCpu).toFixed(1)} ms, p99 ${percentile(sliceCpu, 0.99).toFixed(1)} ms); the virtual machine's host took ${hostStealS.toFixed(1)} s of the machine's CPU time meanwhile (steal)`);
say(`slices over 16 ms: ${slow.length} (${slowGc.filter((s) => s.kind === 'learning').length} learning words, ${slowGc.filter((s) => s.kind !== 'learning').length} writing storage), ${slowGc.filter((s) => s.gc > 0).length} of them holding GC pauses (${slowGc.map((s) => `${s.ms.toFixed(1)}${s.gc > 0 ? ` with ${s.gc.toFixed(1)} GC` : ''}`).join(', ') || 'none'}); longest without its GC pauses ${longestWithoutGc.toFixed(1)} ms; slices of learning: longest ${Math.max(0, ...learningSlices).toFixed(1)} ms, p99 ${percentile(learningSlices, 0.99).toFixed(1)} ms; ${checkpointSlices.length} checkpoints: longest ${Math.max(0, ...checkpointSlices).toFixed(1)} ms, median ${percentile(checkpointSlices, 0.5).toFixed(1)} ms; ${pieceSlices.length} pieces of a base: longest ${Math.max(0, ...pieceSlices).toFixed(1)} ms, median ${percentile(pieceSlices, 0.5).toFixed(1)} ms`);
say(`the ${LONGEST_KEPT} longest slices: ${longestGc.map((s) => `${s.ms.toFixed(1)} ms ${s.kind}${s.thread ? ` (${s.thread.onCpuMs.toFixed(1)} on a CPU, ${s.thread.waitMs.toFixed(1)} waiting for one, ${s.gc.toFixed(1)} in GC pauses${s.thread.stealMs ? `, the host took ${s.thread.stealMs} ms of the machine's CPUs` : ''})` : s.gc > 0 ? ` (${s.gc.toFixed(1)} in GC pauses)` : ''}`).join(', ')}; the longest slice's own work (neither in GC pauses nor waiting for a CPU; the host's share cannot be told apart) ${longestOwn.toFixed(1)} ms`);
const ngramMB = (engine.personal.counts.bi.allocatedBytes + engine.personal.counts.tri.allocatedBytes) / 2 ** 20;
say(`the personal n-gram's arrays: ${ngramMB.toFixed(1)} MB allocated, for ${((engine.personal.counts.bi.liveBytes + engine.personal.counts.tri.liveBytes) / 2 ** 20).toFixed(1)} MB of live rows and entries`);
say(`checkpoint ${(bytes / 1e6).toFixed(2)} MB; JS heap + ArrayBuffers ${heapRetained.toFixed(1)} MB retained after learning (${heapBase.toFixed(1)} MB before), live peak ${heapPeak.toFixed(1)} MB (after a GC every ${LIVE_EVERY_MS / 1000} s of learning), ${heapSeen.toFixed(1)} MB seen between GCs`);

// A worker restart: a fresh engine and learner load the checkpoint.
const fresh = createEngine(modelBytes(), engineOptions);
const r0 = performance.now();
await new Learner(db, fresh, 'en').restore();
const restoreMs = performance.now() - r0;
const after = probes.map((c) => predictMs(fresh, c));
const predictions = [...whileLearning, ...after];
say(`restore ${restoreMs.toFixed(0)} ms; prediction p50 ${percentile(predictions, 0.5).toFixed(2)} ms, p95 ${percentile(predictions, 0.95).toFixed(2)} ms (${whileLearning.length} while learning, ${after.length} after a restart; p95 while learning ${percentile(whileLearning, 0.95).toFixed(2)} ms)`);

// Forgetting one sample (from the middle of what was learned); the rest must be exactly kept.
const stored = await listSamples(db);
const victim = stored[Math.floor(stored.length / 2)]!;
const f0 = performance.now();
await learner.forget({ ids: [victim.id] }, Date.now());
const forgetMs = performance.now() - f0;
const rest = stored.filter((s) => s.id !== victim.id).map((s) => s.text);
const keptAfterForget = sameCounts(engine.personal.counts, countsOf(rest)) && (await listSamples(db)).length === rest.length;
say(`forgot one sample (${countWords(victim.text)} words) in ${forgetMs.toFixed(0)} ms; everything else kept: ${keptAfterForget}`);

const storedNow = await storedMB(db);
const heapTotal = Math.max(heapPeak, heapRetained), heapWorker = Math.max(workerPeak, heapRetained - storedNow);
say(`heap ${heapTotal.toFixed(1)} MB in all at its peak; without fake-indexeddb's stored records (serialized, ${storedNow.toFixed(1)} MB at the end) the worker's own peak ${heapWorker.toFixed(1)} MB`);

const result = {
  words, samples: sampleCount, learnS: +learnS.toFixed(1), maxSliceMs: +Math.max(...slices).toFixed(1), p99SliceMs: +percentile(slices, 0.99).toFixed(1),
  slowSlices: slow.length, slowSlicesWithGc: slowGc.filter((s) => s.gc > 0).length, maxSliceWithoutGcMs: +longestWithoutGc.toFixed(1), maxSliceOwnMs: +longestOwn.toFixed(1),
  maxLearningSliceMs: +Math.max(0, ...learningSlices).toFixed(1), maxCheckpointSliceMs: +Math.max(0, ...checkpointSlices).toFixed(1), medianCheckpointSliceMs: +percentile(checkpointSlices, 0.5).toFixed(1), maxPieceSliceMs: +Math.max(0, ...pieceSlices).toFixed(1),
  maxSliceCpuMs: +Math.max(...sliceCpu).toFixed(1), hostStealS: +hostStealS.toFixed(1), p99SliceCpuMs: +percentile(sliceCpu, 0.99).toFixed(1),
  checkpointBytes: bytes, ngramMB: +ngramMB.toFixed(1), restoreMs: +restoreMs.toFixed(1), heapMB: +heapTotal.toFixed(1), heapStoredMB: +storedNow.toFixed(1), heapWorkerMB: +heapWorker.toFixed(1), heapRetainedMB: +heapRetained.toFixed(1), heapSeenMB: +heapSeen.toFixed(1),
  predictP50Ms: +percentile(predictions, 0.5).toFixed(2), predictP95Ms: +percentile(predictions, 0.95).toFixed(2), forgetMs: +forgetMs.toFixed(0), keptAfterForget,
};
if (v.json) console.log(JSON.stringify(result));
