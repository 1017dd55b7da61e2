import { readFileSync, writeFileSync } from 'node:fs';
import { Int8Lstm } from '../../src/model/lstm-int8';
import { AdaptStatsAccumulator, packAdaptStats, SegmentGradient } from '../../src/model/lstm-delta-grad';
import { readModelFile, writeModelFile, type ModelData } from '../../src/model/model-file';
import { mulberry32 } from '../../src/model/random';
import { zeroState } from '../../src/model/lstm-float';
import { Vocabulary } from '../../src/text/vocab';
import { DYNAMIC } from '../../src/learn/dynamic-eval';

/** Segments of training text the normaliser is averaged over (seeded, so packaging is reproducible). */
export const ADAPT_STATS_SEGMENTS = 3000;

/**
 * The normaliser of the user's dynamic evaluation (model-file section `adaptMs`): the mean
 * squared gradient of each adapted parameter over segments of training text, each taken as
 * dynamic evaluation takes the user's (DYNAMIC.segment tokens, one stream, the same candidate
 * softmax), starting from the state the LSTM reaches over the paragraph before it.
 */
export function adaptStats(model: ModelData, trainText: string, segments = ADAPT_STATS_SEGMENTS, seed = 1): Float32Array {
  const vocab = new Vocabulary(model.words, model.display), lstm = new Int8Lstm(model.weights);
  const T = DYNAMIC.segment, grad = new SegmentGradient(model.weights, lstm, T), acc = new AdaptStatsAccumulator(model.weights.shape);
  const paragraphs = trainText.split('\n').filter((l) => l.trim());
  const rand = mulberry32(seed), outBias = model.weights.outBias;
  while (acc.segments < segments) {
    const ids = vocab.encode(paragraphs[Math.floor(rand() * paragraphs.length)]);
    if (ids.length < T + 1) continue;
    const at = Math.floor(rand() * (ids.length - T));
    let state = zeroState(lstm.shape);
    for (let i = 0; i < at; i++) state = lstm.step(state, ids[i]);
    const g = grad.compute({ start: state, inputs: ids.slice(at, at + T), targets: ids.slice(at + 1, at + T + 1) }, undefined, (t) => outBias[t], true);
    acc.add(g);
  }
  return packAdaptStats(acc.result());
}

/** Computes the normaliser for the model file at `path` on `trainPath` and writes it into the file. */
export function writeAdaptStats(path: string, trainPath: string): void {
  const model = readModelFile(new Uint8Array(readFileSync(path)));
  const t0 = performance.now();
  model.adaptMs = adaptStats(model, readFileSync(trainPath, 'utf8'));
  const bytes = writeModelFile(model);
  writeFileSync(path, bytes);
  process.stderr.write(`adaptMs: ${ADAPT_STATS_SEGMENTS} segments of ${trainPath} in ${((performance.now() - t0) / 1000).toFixed(1)} s; wrote ${path}: ${(bytes.length / 1e6).toFixed(2)} MB\n`);
}
