import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LstmTrainer, type Batch } from '../../src/model/lstm-train';
import { Adam, cosineSchedule } from '../../src/model/adam';
import { NegativeSampler } from '../../src/model/negative-sampler';
import { mulberry32 } from '../../src/model/random';
import { paramLayout, type LstmShape } from '../../src/model/shapes';
import { Vocabulary } from '../../src/text/vocab';
import { buildVocabulary, encodeSources, epochStream, type Source } from './data';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { lossCurveSvg } from './plot';

export interface TrainOptions {
  dataDir: string;       // train.txt, train-mail.txt, heldout.txt
  runDir: string;        // vocabulary, checkpoints, log, loss curve
  vocabWords: number;    // words in the LSTM vocabulary
  lexiconWords: number;  // extra completion-only words
  E: number; H: number;
  B: number;             // rows per thread
  T: number;             // BPTT steps
  negatives: number;     // sampled softmax negatives per batch
  epochs: number;
  lr: number; dropout: number; clip: number;
  /** times each epoch sees a source's documents (data/<lang>/train-<source>.txt); the rest of train.txt counts once */
  sourceWeights: Record<string, number>;
  threads: 1 | 2;
  seed: number;
  checkpointSeconds: number;
}

export const DEFAULT_TRAIN: TrainOptions = {
  dataDir: 'data/en', runDir: 'runs/en', vocabWords: 16000, lexiconWords: 30000, E: 128, H: 512,
  B: 32, T: 32, negatives: 1024, epochs: 5, lr: 3e-3, dropout: 0.15, clip: 1,
  sourceWeights: { mail: 3, brown: 1, sotu: 0.2, 'moby-dick': 0.4 }, threads: 2, seed: 1, checkpointSeconds: 300,
};

/** Paragraphs of a split file (one per line). */
function readParagraphs(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

interface VocabFile { words: string[]; display: string[]; lexicon: { word: string; display: string; count: number }[]; counts: number[] }

/** Loads the run's vocabulary, building it on the first run so a resumed run uses the same ids. */
export function runVocabulary(o: TrainOptions, sources: Source[]): { vocab: Vocabulary; file: VocabFile } {
  const path = join(o.runDir, 'vocab.json');
  if (!existsSync(path)) {
    const built = buildVocabulary(sources, o.vocabWords, o.lexiconWords);
    const file: VocabFile = {
      words: [...built.vocab.words], display: built.vocab.words.map((w, i) => built.vocab.display[built.vocab.firstWord + i] === w ? '' : built.vocab.display[built.vocab.firstWord + i]),
      lexicon: built.lexicon, counts: Array.from(built.counts),
    };
    writeFileSync(path, JSON.stringify(file));
  }
  const file = JSON.parse(readFileSync(path, 'utf8')) as VocabFile;
  return { vocab: new Vocabulary(file.words, file.display), file };
}

/**
 * The weighted sources of a run: each `train-<source>.txt` of the data directory that has a
 * weight, and the paragraphs of train.txt in none of them (weight 1). English mail, the users'
 * register, is a small part of the text and is oversampled; the speeches are undersampled.
 */
export function trainingSources(o: TrainOptions): Source[] {
  const all = readParagraphs(join(o.dataDir, 'train.txt'));
  const sources: Source[] = [];
  const covered = new Set<string>();
  for (const [name, weight] of Object.entries(o.sourceWeights)) {
    const path = join(o.dataDir, `train-${name}.txt`);
    if (!existsSync(path)) continue;
    const docs = readParagraphs(path);
    for (const p of docs) covered.add(p);
    sources.push({ name, docs, weight });
  }
  const rest = all.filter((p) => !covered.has(p));
  if (rest.length > 0) sources.push({ name: 'other', docs: rest, weight: 1 });
  return sources;
}

function initParams(p: Float32Array, shape: LstmShape, counts: ArrayLike<number>, rand: () => number): void {
  const L = paramLayout(shape), { V, E, H } = shape;
  const u = (a: number) => (rand() * 2 - 1) * a;
  for (let i = 0; i < V * E; i++) p[L.emb + i] = u(0.1);
  for (let i = 0; i < 2 * E * 4 * H; i++) p[L.W + i] = u(1 / Math.sqrt(2 * E));
  for (let j = 0; j < 4 * H; j++) p[L.b + j] = j >= H && j < 2 * H ? 1 : 0; // forget gate opens at 1
  for (let i = 0; i < H * E; i++) p[L.Wp + i] = u(1 / Math.sqrt(H));
  let total = 0;
  for (let v = 0; v < V; v++) total += counts[v];
  for (let v = 0; v < V; v++) p[L.bv + v] = Math.log(counts[v] / total);
}

/** Slices rows [r0, r0+B) of a (T+1, R) token block. */
function rowsOf(tokens: Int32Array, T: number, R: number, r0: number, B: number): Int32Array {
  const out = new Int32Array((T + 1) * B);
  for (let t = 0; t <= T; t++) out.set(tokens.subarray(t * R + r0, t * R + r0 + B), t * B);
  return out;
}

/** Mean full-softmax cross-entropy (nats) of the model on a token stream. */
function heldoutLoss(params: Float32Array, shape: LstmShape, stream: Int32Array): number {
  const B = 8, T = 32, ev = new LstmTrainer(shape, B, T, shape.V);
  ev.params.set(params);
  const rowLen = Math.floor(stream.length / B), cands = Int32Array.from({ length: shape.V }, (_, i) => i);
  let loss = 0, count = 0;
  for (let s = 0; (s + 1) * T < rowLen; s++) {
    const tokens = new Int32Array((T + 1) * B);
    for (let t = 0; t <= T; t++) for (let b = 0; b < B; b++) tokens[t * B + b] = stream[b * rowLen + s * T + t];
    const r = ev.forwardBackward({ tokens, cands, logQ: new Float32Array(shape.V), targetCol: tokens.slice(B) }, 0, Math.random, false);
    loss += r.loss; count += r.count;
  }
  return loss / count;
}

function fmtTime(s: number): string {
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}

/** Trains (or resumes training of) the float LSTM; returns the path of the final parameters. */
export async function train(o: TrainOptions): Promise<string> {
  mkdirSync(o.runDir, { recursive: true });
  const logPath = join(o.runDir, 'train.log');
  const log = (line: string) => { appendFileSync(logPath, `${new Date().toISOString()} ${line}\n`); process.stderr.write(`\n${line}\n`); };
  const finalPath = join(o.runDir, 'final.ckpt');
  if (existsSync(finalPath)) { log(`training already finished: ${finalPath}`); return finalPath; }

  const sources = trainingSources(o);
  const { vocab, file } = runVocabulary(o, sources);
  const shape: LstmShape = { V: vocab.size, E: o.E, H: o.H };
  const encoded = encodeSources(vocab, sources);
  const heldout = Int32Array.from(readParagraphs(join(o.dataDir, 'heldout.txt')).flatMap((p) => vocab.encode(p)));
  const sampler = new NegativeSampler(file.counts, vocab.firstWord);
  const R = o.B * o.threads, T = o.T, maxS = R * T + o.negatives;
  const trainer = new LstmTrainer(shape, o.B, T, maxS);
  const L = paramLayout(shape);
  const adam = new Adam(L.total);
  const rand = mulberry32(o.seed);
  const ckPath = join(o.runDir, 'checkpoint.ckpt'), bestPath = join(o.runDir, 'best.ckpt');
  const ck = loadCheckpoint(ckPath);
  let epoch = 0, stepInEpoch = 0;
  let history: { train: [number, number][]; heldout: [number, number][] } = { train: [], heldout: [] };
  if (ck) {
    trainer.params.set(ck.arrays.params); adam.m.set(ck.arrays.m); adam.v.set(ck.arrays.v);
    adam.step = ck.meta.globalStep as number; epoch = ck.meta.epoch as number; stepInEpoch = ck.meta.stepInEpoch as number;
    history = ck.meta.history as typeof history;
    log(`resumed from ${ckPath} at epoch ${epoch + 1}, step ${stepInEpoch}`);
  } else {
    initParams(trainer.params, shape, file.counts, rand);
    log(`new run: V=${shape.V} E=${shape.E} H=${shape.H} params=${L.total} options=${JSON.stringify(o)}`);
  }

  const sharedParams = new SharedArrayBuffer(L.total * 4), sharedGrads = new SharedArrayBuffer(L.total * 4);
  const shared = new Float32Array(sharedParams), workerGrads = new Float32Array(sharedGrads);
  const worker = o.threads === 2 ? new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { shape, B: o.B, T, maxS, sharedParams, sharedGrads, seed: o.seed + 17 }
  }) : undefined;
  // One request in flight at a time: the worker answers each message once.
  let waiting: { res: (r: { loss: number; count: number }) => void; rej: (e: unknown) => void } | undefined;
  worker?.on('message', (r) => { const w = waiting; waiting = undefined; w?.res(r); });
  worker?.on('error', (e) => { const w = waiting; waiting = undefined; if (w) w.rej(e); else throw e; });
  const call = (msg: object) => new Promise<{ loss: number; count: number }>((res, rej) => {
    waiting = { res, rej }; worker!.postMessage(msg);
  });

  const streamLen = epochStream(encoded, 0, o.seed).length;
  const stepsPerEpoch = Math.floor((Math.floor(streamLen / R) - 1) / T);
  const totalSteps = stepsPerEpoch * o.epochs;
  let lastCk = Date.now(), t0 = Date.now(), tokensDone = 0, lossAcc = 0, lossN = 0;
  const save = (meta: object) => saveCheckpoint(ckPath, {
    meta: { epoch, stepInEpoch, globalStep: adam.step, history, ...meta },
    arrays: { params: trainer.params, m: adam.m, v: adam.v },
  });

  for (; epoch < o.epochs; epoch++, stepInEpoch = 0) {
    const stream = epochStream(encoded, epoch, o.seed), rowLen = Math.floor(stream.length / R);
    trainer.resetState(); if (worker) await call({ op: 'reset' });
    for (; stepInEpoch < stepsPerEpoch; stepInEpoch++) {
      const tokens = new Int32Array((T + 1) * R);
      for (let t = 0; t <= T; t++) for (let r = 0; r < R; r++) tokens[t * R + r] = stream[r * rowLen + stepInEpoch * T + t];
      const targets = tokens.slice(R);
      const { cands, logQ, targetCol } = sampler.candidates(targets, o.negatives, rand);
      const part = (r0: number): Batch => {
        const tk = rowsOf(tokens, T, R, r0, o.B), tc = new Int32Array(T * o.B);
        for (let t = 0; t < T; t++) for (let b = 0; b < o.B; b++) tc[t * o.B + b] = targetCol[t * R + r0 + b];
        return { tokens: tk, cands, logQ, targetCol: tc };
      };
      let pending: Promise<{ loss: number; count: number }> | undefined;
      if (worker) { shared.set(trainer.params); pending = call({ op: 'step', ...part(o.B), dropout: o.dropout }); }
      const mine = trainer.forwardBackward(part(0), o.dropout, rand);
      let loss = mine.loss, count = mine.count;
      const grads = trainer.grads;
      if (pending) {
        const theirs = await pending;
        loss += theirs.loss; count += theirs.count;
        for (let i = 0; i < grads.length; i++) grads[i] = 0.5 * (grads[i] + workerGrads[i]);
      }
      adam.update(trainer.params, grads, cosineSchedule(adam.step, totalSteps, o.lr), o.clip);
      tokensDone += R * T; lossAcc += loss; lossN += count;
      if (adam.step % 25 === 0) {
        const mean = lossAcc / lossN, secs = (Date.now() - t0) / 1000, tps = tokensDone / secs;
        history.train.push([adam.step, +mean.toFixed(4)]);
        const eta = ((totalSteps - adam.step) * R * T) / tps;
        const frac = adam.step / totalSteps, bar = '#'.repeat(Math.round(frac * 30)).padEnd(30, '.');
        process.stderr.write(`\r[${bar}] epoch ${epoch + 1}/${o.epochs} step ${adam.step}/${totalSteps} loss ${mean.toFixed(3)} ${tps.toFixed(0)} tok/s ETA ${fmtTime(eta)}   `);
        if (adam.step % 500 === 0) appendFileSync(logPath, `${new Date().toISOString()} step ${adam.step} loss ${mean.toFixed(4)} ${tps.toFixed(0)} tok/s\n`);
        lossAcc = 0; lossN = 0;
      }
      if (Date.now() - lastCk > o.checkpointSeconds * 1000) { save({ stepInEpoch: stepInEpoch + 1 }); lastCk = Date.now(); }
    }
    const h = heldoutLoss(trainer.params, shape, heldout);
    history.heldout.push([adam.step, +h.toFixed(4)]);
    log(`epoch ${epoch + 1} done at step ${adam.step}: held-out cross-entropy ${h.toFixed(4)} (perplexity ${Math.exp(h).toFixed(1)})`);
    // Later epochs can overfit the oversampled mail: the epoch best on held-out text is the one shipped.
    const best = loadCheckpoint(bestPath);
    if (!best || h < (best.meta.heldout as number)) {
      saveCheckpoint(bestPath, { meta: { epoch: epoch + 1, globalStep: adam.step, heldout: h }, arrays: { params: trainer.params } });
      log(`epoch ${epoch + 1} is the best so far on held-out text: ${bestPath}`);
    }
    save({ epoch: epoch + 1, stepInEpoch: 0 });
    writeFileSync(join(o.runDir, 'loss.svg'), lossCurveSvg(history.train, history.heldout, `Inkling base model (${o.dataDir})`));
  }
  await worker?.terminate();
  const best = loadCheckpoint(bestPath)!;
  saveCheckpoint(finalPath, { meta: { history, shape, globalStep: best.meta.globalStep, epoch: best.meta.epoch }, arrays: { params: best.arrays.params } });
  log(`training finished: ${finalPath} holds epoch ${best.meta.epoch as number} of ${o.epochs} (held-out cross-entropy ${(best.meta.heldout as number).toFixed(4)})`);
  return finalPath;
}
