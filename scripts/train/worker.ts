// A training worker thread: computes the gradients of its rows of each batch on its own
// WebAssembly instance, reading parameters from and writing gradients to shared memory.
import { parentPort, workerData } from 'node:worker_threads';
import { LstmTrainer } from '../../src/model/lstm-train';
import { mulberry32 } from '../../src/model/random';

const { shape, B, T, maxS, sharedParams, sharedGrads, seed } = workerData as {
  shape: { V: number; E: number; H: number }; B: number; T: number; maxS: number;
  sharedParams: SharedArrayBuffer; sharedGrads: SharedArrayBuffer; seed: number;
};
const trainer = new LstmTrainer(shape, B, T, maxS);
const params = new Float32Array(sharedParams), grads = new Float32Array(sharedGrads);
const rand = mulberry32(seed);

parentPort!.on('message', (msg: { op: 'step'; tokens: Int32Array; cands: Int32Array; logQ: Float32Array; targetCol: Int32Array; dropout: number } | { op: 'reset' }) => {
  if (msg.op === 'reset') { trainer.resetState(); parentPort!.postMessage({ ok: true }); return; }
  trainer.params.set(params);
  const r = trainer.forwardBackward(msg, msg.dropout, rand);
  grads.set(trainer.grads);
  parentPort!.postMessage(r);
});
