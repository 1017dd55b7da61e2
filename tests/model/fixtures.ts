// Small, generated training material and a tiny trained model for engine tests (seconds, not minutes).
import { LstmTrainer } from '../../src/model/lstm-train';
import { Adam, cosineSchedule } from '../../src/model/adam';
import { mulberry32 } from '../../src/model/random';
import { paramLayout, type LstmShape } from '../../src/model/shapes';
import { Vocabulary } from '../../src/text/vocab';
import { GATE_BUCKETS } from '../../src/model/gate';
import type { ModelData } from '../../src/model/model-file';
import { quantizeParams } from '../../scripts/train/package';
import { buildNgram, countNgrams } from '../../scripts/train/ngram-build';

const SUBJECTS = ['the cat', 'my friend', 'the old man', 'a small dog', 'our teacher', 'the children', 'I'];
const VERBS = ['sees', 'likes', 'wants', 'finds', 'takes', 'loves', 'reads'];
const OBJECTS = ['the ball', 'a red book', 'the big house', 'some fresh bread', 'the letter', 'a green apple'];
const TAILS = ['.', ' today.', ' every morning.', ' in the garden.', ', and then goes home.', '!'];

/** Sentences from a small grammar: learnable structure, deterministic for a seed. */
export function synthCorpus(seed: number, n: number): string[] {
  const r = mulberry32(seed), pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  return Array.from({ length: n }, () => {
    const s = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}${pick(TAILS)}`;
    return s.charAt(0).toUpperCase() + s.slice(1);
  });
}

export function tinyVocabulary(paragraphs: string[]): Vocabulary {
  const words = [...new Set(paragraphs.join(' ').toLowerCase().match(/[\p{L}]+/gu))].sort();
  return new Vocabulary(words, words.map((w) => (w === 'i' ? 'I' : '')));
}

export interface Tiny { vocab: Vocabulary; shape: LstmShape; params: Float32Array; losses: number[] }

/** Trains a tiny LSTM with a full softmax for `steps` Adam steps. */
export function trainTiny(paragraphs: string[], steps: number, seed = 1): Tiny {
  const vocab = tinyVocabulary(paragraphs);
  const shape = { V: vocab.size, E: 64, H: 64 }, B = 8, T = 12; // int8 rows are quantized in groups of 64
  const stream = Int32Array.from(paragraphs.flatMap((p) => vocab.encode(p)));
  const tr = new LstmTrainer(shape, B, T, shape.V), adam = new Adam(paramLayout(shape).total), rand = mulberry32(seed);
  const p = tr.params;
  for (let i = 0; i < p.length; i++) p[i] = (rand() - 0.5) * 0.2;
  const cands = Int32Array.from({ length: shape.V }, (_, i) => i), logQ = new Float32Array(shape.V);
  const rowLen = Math.floor(stream.length / B), losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const at = (s * T) % (rowLen - T - 1);
    if (at < T) tr.resetState();
    const tokens = new Int32Array((T + 1) * B);
    for (let t = 0; t <= T; t++) for (let b = 0; b < B; b++) tokens[t * B + b] = stream[b * rowLen + at + t];
    const { loss, count } = tr.forwardBackward({ tokens, cands, logQ, targetCol: tokens.slice(B) }, 0.1, rand);
    losses.push(loss / count);
    adam.update(tr.params, tr.grads, cosineSchedule(s, steps, 1e-2, 20), 1);
  }
  return { vocab, shape, params: Float32Array.from(tr.params), losses };
}

/** A complete model file's data around a tiny trained LSTM. */
export function tinyModelData(t: Tiny, paragraphs: string[]): ModelData {
  const ids = paragraphs.map((p) => Int32Array.from(t.vocab.encode(p)));
  return {
    meta: { name: 'tiny-test', lang: 'en', created: '2026-11-22' },
    weights: quantizeParams(t.params, t.shape),
    words: [...t.vocab.words], display: t.vocab.words.map((w) => (w === 'i' ? 'I' : '')),
    lexicon: { words: ['zebra', 'zeppelin'], display: ['', ''], counts: Uint16Array.from([3, 2]) },
    ngram: buildNgram(countNgrams(t.shape.V, [{ ids, weight: 1 }]), 1, 1),
    gate: new Float32Array(GATE_BUCKETS * GATE_BUCKETS).fill(0.3),
  };
}
