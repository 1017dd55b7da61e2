import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type EngineOptions } from '../../src/engine/engine';
import { evaluate, readDocs, subsample } from './metrics';
import { ServeSession } from './serve';

/**
 * For each writer folder (adapt.txt, test.txt): scores test.txt with the base model, then learns
 * adapt.txt and scores test.txt again while learning each test document after it is typed —
 * each document learned as the extension learns a submitted field (see ServeSession).
 */
export async function evaluatePersonal(modelBytes: Uint8Array, dir: string, words: number, json: boolean, options: EngineOptions = {}): Promise<void> {
  const engine = createEngine(modelBytes, options);
  const predict = (c: string, p: string, k: number) => engine.predict({ field: 'eval', context: c, prefix: p, k });
  const session = await ServeSession.open(engine);
  const learn = (doc: string) => session.learn(doc);
  const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
  /** Σ −log2 p and word count of a document's words under the current memory (before it is learned). */
  const bits = (doc: string, acc: { bits: number; n: number }) => {
    for (const m of doc.matchAll(WORD)) { acc.bits -= Math.log2(Math.max(1e-12, engine.wordProb(doc.slice(0, m.index), m[0].toLowerCase()))); acc.n++; }
  };
  const rows = [];
  for (const name of readdirSync(dir).sort()) {
    const test = subsample(readDocs(join(dir, name, 'test.txt')), words), adapt = readDocs(join(dir, name, 'adapt.txt'));
    await session.reset();
    const baseBits = { bits: 0, n: 0 }, tunedBits = { bits: 0, n: 0 };
    const base = await evaluate(predict, test, (doc) => bits(doc, baseBits));
    const t0 = performance.now();
    for (const doc of adapt) await learn(doc);
    const learnS = (performance.now() - t0) / 1000;
    const tuned = await evaluate(predict, test, async (doc) => { bits(doc, tunedBits); await learn(doc); });
    await session.reset();
    const ppl = { base: 2 ** (baseBits.bits / baseBits.n), tuned: 2 ** (tunedBits.bits / tunedBits.n) };
    rows.push({ name, base, tuned, learnS, ppl });
    if (!json) console.log(`${name}: KSR ${(base.ksr * 100).toFixed(2)} → ${(tuned.ksr * 100).toFixed(2)} (${((tuned.ksr - base.ksr) * 100).toFixed(2)} pts), top3 ${(base.top3 * 100).toFixed(2)} → ${(tuned.top3 * 100).toFixed(2)} (${((tuned.top3 / base.top3 - 1) * 100).toFixed(1)} % rel), perplexity ${ppl.base.toFixed(0)} → ${ppl.tuned.toFixed(0)}, learned ${adapt.length} documents in ${learnS.toFixed(1)} s`);
  }
  const dk = rows.reduce((s, r) => s + r.tuned.ksr - r.base.ksr, 0) / rows.length;
  const dt = rows.reduce((s, r) => s + r.tuned.top3 / r.base.top3 - 1, 0) / rows.length;
  const worst = Math.min(...rows.map((r) => r.tuned.ksr - r.base.ksr));
  const dp = rows.reduce((s, r) => s + Math.log(r.ppl.tuned / r.ppl.base), 0) / rows.length;
  if (json) console.log(JSON.stringify({ writers: rows, meanKsrGain: dk, meanTop3GainRel: dt, worstKsrGain: worst }));
  else console.log(`personal: mean KSR gain ${(dk * 100).toFixed(2)} pts, mean top3 gain ${(dt * 100).toFixed(1)} % rel, worst writer ${(worst * 100).toFixed(2)} pts, perplexity ${((Math.exp(dp) - 1) * 100).toFixed(1)} %`);
}
