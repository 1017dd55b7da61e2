/**
 * How long the extension's learning pipeline takes for 10,000 words of user text: the public
 * writers' mail captured as samples (fake IndexedDB), then learned in 50 ms slices as the
 * background does, checkpoints included.
 *
 *   npx tsx scripts/eval/learn-bench.ts [--words 10000]
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../../src/engine/engine';
import { openInklingDB } from '../../src/storage/db';
import { Learner } from '../../src/learn/learner';
import { countWords, readDocs } from './metrics';

const DIR = '../shared/eval/data/en/personal';
const { values: v } = parseArgs({ options: { words: { type: 'string', default: '10000' } } });
const want = Number(v.words);
const docs: string[] = [];
let words = 0;
for (const w of readdirSync(DIR).sort()) for (const f of ['adapt.txt', 'test.txt']) for (const d of readDocs(join(DIR, w, f))) if (words < want) { docs.push(d); words += countWords(d); }
const engine = createEngine(new Uint8Array(readFileSync('models/en.inkling')));
const learner = new Learner(await openInklingDB(new IDBFactory()), engine, 'en');
const typed = { pastedRanges: [] as [number, number][], field: { sensitive: false }, site: { blocked: false, incognito: false }, settings: { learning: true } };
for (const [i, text] of docs.entries()) await learner.capture({ ...typed, text }, { draftKey: `d${i}`, origin: 'https://bench.test', now: Date.now() });
const t0 = performance.now();
let slices = 0, longest = 0;
for (;;) {
  const s0 = performance.now();
  const r = await learner.runSlice(50);
  longest = Math.max(longest, performance.now() - s0); slices++;
  if (!r.more) break;
}
const s = (performance.now() - t0) / 1000;
console.log(`learned ${words} words (${docs.length} samples) in ${s.toFixed(1)} s: ${((s / words) * 1000).toFixed(2)} ms per word, ${slices} slices of 50 ms (longest ${longest.toFixed(0)} ms)`);
