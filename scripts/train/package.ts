import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint } from './checkpoint';
import { encodeSources } from './data';
import { countNgrams, buildNgram, type NgramCounts } from './ngram-build';
import { lexiconWithPrior, subtlexCounts, type LexiconEntry } from './lexicon-prior';
import { runVocabulary, trainingSources, type TrainOptions } from './train';
import { quantizeRows } from '../../src/model/quantize';
import { quantizeSplit } from '../../src/model/quantize4';
import { paramLayout, type LstmShape } from '../../src/model/shapes';
import { Int8Lstm, type Int8Weights } from '../../src/model/lstm-int8';
import { logitsFloat, stepFloat, zeroState } from '../../src/model/lstm-float';
import { ngramBytes, ngramEvidence, ngramProb, type NgramData } from '../../src/model/ngram';
import { fitGate, gateCell } from '../../src/model/gate';
import { readModelFile, writeModelFile, type ModelData } from '../../src/model/model-file';
import { BOS } from '../../src/text/vocab';
import { adaptStats, ADAPT_STATS_SEGMENTS } from './adapt-stats';

/**
 * How the tied embedding / output matrix is stored: every row int8 (per 64 columns), or the
 * `int8Rows` most frequent tokens int8 and the rest 4-bit (per 32 columns).
 */
export type EmbeddingEncoding = { bits: 8 } | { bits: 4; int8Rows: number };

/** Block-quantized weights of a float parameter buffer, in the layout the inference kernels read. */
export function quantizeParams(params: Float32Array, shape: LstmShape, enc: EmbeddingEncoding = { bits: 8 }): Int8Weights {
  const { V, E, H } = shape, L = paramLayout(shape);
  const embAt = (r: number, c: number) => params[L.emb + r * E + c];
  return {
    shape,
    emb: enc.bits === 4 ? quantizeSplit(V, E, enc.int8Rows, embAt) : quantizeRows(V, E, embAt),
    gates: quantizeRows(4 * H, 2 * E, (j, k) => params[L.W + k * 4 * H + j]),  // transpose of W (2E,4H)
    gateBias: params.slice(L.b, L.b + 4 * H),
    proj: quantizeRows(E, H, (e, j) => params[L.Wp + j * E + e]),              // transpose of Wp (H,E)
    outBias: params.slice(L.bv, L.bv + V),
  };
}

/** Share of held-out positions where the packaged model must show the float model's three words. */
const MIN_AGREEMENT = 0.97;

/** The packaged encoding: the 4,096 most frequent tokens int8, the long tail 4-bit. */
export const DEFAULT_EMBEDDING: EmbeddingEncoding = { bits: 4, int8Rows: 4096 };

function describeEncoding(enc: EmbeddingEncoding): string {
  return enc.bits === 8 ? 'int8' : `int8 for the first ${enc.int8Rows} rows, 4-bit after`;
}

/** English completion-only words: the corpus's, mixed with spoken frequencies (lexicon-prior.ts). */
const EN_LEXICON_WORDS = 32000;

function packagedLexicon(lang: string, corpus: LexiconEntry[], vocabulary: string[]): LexiconEntry[] {
  return lang === 'en' ? lexiconWithPrior(corpus, new Set(vocabulary), subtlexCounts(), EN_LEXICON_WORDS) : corpus;
}

/**
 * How token ids of the model at `path` (the one being replaced) map to the new vocabulary, so a
 * user's fine-tuned output biases survive the upgrade. Re-packaging the same vocabulary keeps
 * the table the old file already had.
 */
export function upgradeTable(path: string, words: readonly string[], firstWord: number): ModelData['previous'] {
  if (!existsSync(path)) return undefined;
  const old = readModelFile(new Uint8Array(readFileSync(path)));
  if (old.words.length === words.length && old.words.every((w, i) => w === words[i])) return old.previous;
  const id = new Map(words.map((w, i) => [w, firstWord + i]));
  const ids = new Int32Array(firstWord + old.words.length);
  for (let i = 0; i < firstWord; i++) ids[i] = i; // specials and punctuation are fixed (src/text/vocab.ts)
  old.words.forEach((w, i) => { ids[firstWord + i] = id.get(w) ?? -1; });
  return { name: old.meta.name, ids };
}

/**
 * Prunes the n-gram until it fits the byte budget: raising the trigram threshold to 8, then the
 * bigram one to 64, then the trigram one again (past that the bigrams' rows are mostly the
 * per-word arrays, which do not shrink).
 */
function ngramWithin(counts: NgramCounts, budget: number): NgramData {
  for (let minTri = 2, minBi = 2; ; minTri < 8 ? minTri++ : minBi < 64 ? minBi++ : minTri++) {
    const ng = buildNgram(counts, minBi, minTri);
    const bytes = ngramBytes(ng);
    process.stderr.write(`n-gram with bigrams ≥ ${minBi}, trigrams ≥ ${minTri}: ${(bytes / 1e6).toFixed(2)} MB\n`);
    if (bytes <= budget) return ng;
  }
}

/** Fits the context gate on held-out paragraphs scored by the int8 LSTM and the n-gram. */
function fitContextGate(lstm: Int8Lstm, ng: NgramData, paragraphs: number[][]): Float32Array {
  const pL: number[] = [], pN: number[] = [], cells: number[] = [];
  for (const ids of paragraphs) {
    let st = zeroState(lstm.shape), u = BOS;
    for (let i = 0; i + 1 < ids.length; i++) {
      st = lstm.step(st, ids[i]);
      const target = ids[i + 1];
      lstm.logits(st.r);
      pL.push(lstm.softmaxAtLogits(target));
      const prev = i === 0 ? BOS : u;
      pN.push(ngramProb(ng, prev, ids[i], target)); cells.push(gateCell(ngramEvidence(ng, prev, ids[i])));
      u = ids[i];
    }
  }
  return fitGate(Float64Array.from(pL), Float64Array.from(pN), Int32Array.from(cells));
}

/** The three best-scoring ids from `first` on (words only, as suggestions are). */
function top3(scores: ArrayLike<number>, first: number): number[] {
  const best = [-1, -1, -1], val = [-Infinity, -Infinity, -Infinity];
  for (let i = first; i < scores.length; i++) {
    const x = scores[i];
    if (x <= val[2]) continue;
    let j = 2;
    while (j > 0 && val[j - 1] < x) { val[j] = val[j - 1]; best[j] = best[j - 1]; j--; }
    val[j] = x; best[j] = i;
  }
  return best;
}

/** Share of held-out positions where the int8 and float LSTMs suggest the same three words. */
export function quantizationAgreement(params: Float32Array, lstm: Int8Lstm, paragraphs: number[][], maxTokens: number, firstWord: number): number {
  let same = 0, n = 0;
  for (const ids of paragraphs) {
    let sf = zeroState(lstm.shape), sq = zeroState(lstm.shape);
    for (const id of ids) {
      sf = stepFloat(params, lstm.shape, sf, id); sq = lstm.step(sq, id);
      const a = top3(logitsFloat(params, lstm.shape, sf.r), firstWord), b = top3(lstm.logits(sq.r), firstWord);
      same += +a.every((x) => b.includes(x)); n++;
    }
    if (n >= maxTokens) break;
  }
  return same / n;
}

/** Quantizes the trained LSTM, builds the n-gram and the gate, and writes the model file. */
export function packageModel(o: TrainOptions, out: string, opts: { lang: string; ngramBudget: number; checkpoint?: string; embedding?: EmbeddingEncoding; previous?: string }): ModelData {
  const embedding = opts.embedding ?? DEFAULT_EMBEDDING;
  const ckPath = opts.checkpoint ?? (existsSync(join(o.runDir, 'final.ckpt')) ? join(o.runDir, 'final.ckpt') : join(o.runDir, 'checkpoint.ckpt'));
  const ck = loadCheckpoint(ckPath);
  if (!ck) throw new Error(`no trained parameters at ${ckPath}: run train first`);
  const sources = trainingSources(o);
  const { vocab, file } = runVocabulary(o, sources);
  const shape: LstmShape = { V: vocab.size, E: o.E, H: o.H };
  const weights = quantizeParams(ck.arrays.params, shape, embedding);
  const counts = countNgrams(shape.V, encodeSources(vocab, sources));
  const ngram = ngramWithin(counts, opts.ngramBudget);
  const heldout = readFileSync(join(o.dataDir, 'heldout.txt'), 'utf8').split('\n').filter((l) => l.trim()).map((p) => vocab.encode(p));
  const lstm = new Int8Lstm(weights);
  for (const enc of [{ bits: 8 } as const, embedding]) {
    const q = enc === embedding ? lstm : new Int8Lstm(quantizeParams(ck.arrays.params, shape, enc));
    const agreement = quantizationAgreement(ck.arrays.params, q, heldout, 2000, vocab.firstWord);
    process.stderr.write(`int8 LSTM, embedding ${describeEncoding(enc)} vs float: same three suggested words at ${(agreement * 100).toFixed(2)} % of held-out positions${enc === embedding ? ' (packaged)' : ''}\n`);
    if (enc === embedding && agreement < MIN_AGREEMENT) throw new Error(`the quantized model shows the float model's three words at only ${(agreement * 100).toFixed(2)} % of held-out positions (needs ${MIN_AGREEMENT * 100} %): not packaged`);
  }
  const gate = fitContextGate(lstm, ngram, heldout);
  process.stderr.write(`gate (n-gram weight by trigram × bigram evidence): ${Array.from(gate, (x) => x.toFixed(2)).join(' ')}\n`);
  const lexicon = packagedLexicon(opts.lang, file.lexicon, file.words);
  process.stderr.write(`lexicon: ${lexicon.length} completion-only words${opts.lang === 'en' ? ' (corpus counts mixed with SUBTLEX-US frequencies)' : ''}\n`);
  const model: ModelData = {
    meta: { name: `inkling-${opts.lang}-${o.vocabWords / 1000}k-lstm${o.H}`, lang: opts.lang, created: new Date().toISOString().slice(0, 10),
      description: `int8 LSTM (V=${shape.V}, E=${o.E}, H=${o.H}, embedding ${describeEncoding(embedding)}) + pruned n-gram, trained from ${ckPath}` },
    weights, words: file.words, display: file.display,
    lexicon: { words: lexicon.map((l) => l.word), display: lexicon.map((l) => l.display), counts: Uint16Array.from(lexicon, (l) => Math.min(65535, Math.round(l.count))) },
    ngram, gate,
    previous: upgradeTable(opts.previous ?? `models/${opts.lang}.inkling`, file.words, vocab.firstWord),
  };
  if (model.previous) process.stderr.write(`upgrade table from ${model.previous.name}: ${model.previous.ids.filter((i) => i >= 0).length} of ${model.previous.ids.length} tokens carried over\n`);
  model.adaptMs = adaptStats(model, readFileSync(join(o.dataDir, 'train.txt'), 'utf8'));
  process.stderr.write(`dynamic-evaluation normaliser (adaptMs): mean squared gradients over ${ADAPT_STATS_SEGMENTS} segments of train.txt\n`);
  const bytes = writeModelFile(model);
  writeFileSync(out, bytes);
  for (const [from, to] of [['train.log', '.train.log'], ['loss.svg', '.loss.svg']]) {
    if (existsSync(join(o.runDir, from))) copyFileSync(join(o.runDir, from), out.replace(/\.inkling$/, to));
  }
  process.stderr.write(`wrote ${out}: ${(bytes.length / 1e6).toFixed(2)} MB\n`);
  return model;
}
