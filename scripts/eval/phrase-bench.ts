/**
 * Latency of phrase suggestions in process: the engine's predict against predictPhrase over the
 * keystrokes of a text (each word from its start, up to its fourth letter), optionally after
 * learning a writer's texts first. Two rounds each; the first warms up.
 *
 *   npx tsx scripts/eval/phrase-bench.ts [--learn FILE] [--text FILE] [--calls N]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createEngine } from '../../src/engine/engine';

const { values: v } = parseArgs({ options: { learn: { type: 'string' }, text: { type: 'string' }, calls: { type: 'string', default: '6000' } } });
const engine = createEngine(new Uint8Array(readFileSync('models/en.inkling')));
if (v.learn) for (const doc of readFileSync(v.learn, 'utf8').split(/\n\s*\n/)) engine.learnText(doc);
const text = v.text ? readFileSync(v.text, 'utf8') : readFileSync('../shared/eval/data/en/dev.txt', 'utf8').slice(20000, 50000);

const keystrokes: { context: string; prefix: string }[] = [];
for (const m of text.matchAll(/[\p{L}']+/gu)) {
  for (let i = 0; i < Math.min(4, m[0].length); i++) keystrokes.push({ context: text.slice(0, m.index).slice(-2000), prefix: m[0].slice(0, i) });
}
const calls = keystrokes.slice(0, Number(v.calls));

/** p50 / p95 / p99 of one pass, each kind on its own field. */
function run(phrase: boolean): string {
  const ms: number[] = [];
  for (const c of calls) {
    const t0 = performance.now();
    if (phrase) engine.predictPhrase({ field: 'phrases', ...c, k: 3 });
    else engine.predict({ field: 'words', ...c, k: 3 });
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.floor(ms.length * q)].toFixed(2);
  return `p50 ${at(0.5)} p95 ${at(0.95)} p99 ${at(0.99)} ms (${ms.length} keystrokes)`;
}

for (let round = 0; round < 2; round++) {
  console.log(`words   ${run(false)}`);
  console.log(`phrases ${run(true)}`);
}
