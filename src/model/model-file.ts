import { ModelFormatError, readContainer, writeContainer, type Typed } from './container';
import type { Int8Weights } from './lstm-int8';
import type { NgramData } from './ngram';
import { GATE_BUCKETS } from './gate';
import { QGROUP, type QuantizedRows } from './quantize';
import { Q4GROUP, type SplitRows } from './quantize4';
import { adaptStatsLength } from './lstm-delta-grad';

export { ModelFormatError } from './container';

/** Everything one model file holds. */
export interface ModelData {
  /**
   * `id`, set when a file is read: its name and checksum, which tell apart two files of the same
   * name (a retrained model keeps its name) for what depends on the exact weights.
   */
  meta: { name: string; lang: string; created: string; description?: string; id?: string };
  weights: Int8Weights;
  /** LSTM vocabulary words (folded), after the fixed specials and punctuation */
  words: string[];
  /** how each word is shown mid-sentence ('' = as folded) */
  display: string[];
  /** completion-only words beyond the LSTM vocabulary, with weighted corpus counts */
  lexicon: { words: string[]; display: string[]; counts: Uint16Array };
  ngram: NgramData;
  /** (GATE_BUCKETS²) n-gram weight per gate cell */
  gate: Float32Array;
  /**
   * The model this one replaces, so personal data keyed by token id survives the upgrade:
   * `ids[i]` is this model's id of the previous model's token i (−1 if it has no such word).
   */
  previous?: { name: string; ids: Int32Array };
  /**
   * Mean squared training gradients of the parameters the user's dynamic evaluation adapts
   * (src/model/lstm-delta-grad.ts, AdaptStats packed); absent in older files (no LSTM adaptation).
   */
  adaptMs?: Float32Array;
}

/** Serialises a model; see models/FORMAT.md for the byte layout. */
export function writeModelFile(m: ModelData): Uint8Array {
  const { V, E, H } = m.weights.shape, w = m.weights, ng = m.ngram;
  const emb = w.emb.bits === 4 ? w.emb.head : w.emb;
  const tail: Record<string, Typed> = w.emb.bits === 4 ? { emb4Q: w.emb.tail.q, emb4Scale: w.emb.tail.scale } : {};
  const previous: Record<string, Typed> = m.previous ? { previousIds: m.previous.ids } : {};
  const adapt: Record<string, Typed> = m.adaptMs ? { adaptMs: m.adaptMs } : {};
  const { id: _id, ...meta } = m.meta;
  return writeContainer({ ...meta, V, E, H, D: ng.D, gateBuckets: GATE_BUCKETS, embBits: w.emb.bits ?? 8, embInt8Rows: emb.rows, ...(m.previous ? { previousName: m.previous.name } : {}) }, {
    words: m.words.join('\n'), display: m.display.join('\n'),
    lexiconWords: m.lexicon.words.join('\n'), lexiconDisplay: m.lexicon.display.join('\n'), lexiconCounts: m.lexicon.counts,
    embQ: emb.q, embScale: emb.scale, ...tail,
    gatesQ: w.gates.q, gatesScale: w.gates.scale, gateBias: w.gateBias,
    projQ: w.proj.q, projScale: w.proj.scale, outBias: w.outBias,
    ngUni: ng.uni, biOffsets: ng.biOffsets, biNext: ng.biNext, biCount: ng.biCount, biTotal: ng.biTotal,
    triKeys: ng.triKeys, triOffsets: ng.triOffsets, triNext: ng.triNext, triCount: ng.triCount, triTotal: ng.triTotal,
    gate: m.gate, ...previous, ...adapt,
  });
}

/** Parses and validates a model file. Throws ModelFormatError saying what is wrong. */
export function readModelFile(bytes: Uint8Array): ModelData {
  const { version, meta, sections, checksum } = readContainer(bytes);
  const num = (k: string) => {
    const v = meta[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > 1 << 20) throw new ModelFormatError('header', `model header field ${k} is missing or invalid`);
    return v;
  };
  const V = num('V'), E = num('E'), H = num('H');
  if (E % QGROUP || H % QGROUP) throw new ModelFormatError('header', `model shapes E=${E}, H=${H} are not multiples of ${QGROUP}`);
  const take = <T extends Typed>(name: string, ctor: new (...a: never[]) => T, length?: number): T => {
    const s = sections.get(name);
    if (!(s instanceof ctor)) throw new ModelFormatError('section', `model file lacks section ${name} or it has the wrong type`);
    if (length !== undefined && s.length !== length) throw new ModelFormatError('section', `section ${name} has ${s.length} values, expected ${length}`);
    return s;
  };
  // Format 2 has only int8 embeddings; format 3 says in `embBits` whether rows from `embInt8Rows` on are 4-bit.
  const embBits = version >= 3 ? meta.embBits : 8;
  if (embBits !== 8 && embBits !== 4) throw new ModelFormatError('header', `model header field embBits is ${JSON.stringify(embBits)}, expected 4 or 8`);
  const int8Rows = embBits === 8 ? V : meta.embInt8Rows;
  if (typeof int8Rows !== 'number' || !Number.isInteger(int8Rows) || int8Rows < 0 || int8Rows > V) throw new ModelFormatError('header', 'model header field embInt8Rows is missing or invalid');
  if (embBits === 4 && E % Q4GROUP) throw new ModelFormatError('header', `model shape E=${E} is not a multiple of ${Q4GROUP}`);
  const head: QuantizedRows = { rows: int8Rows, cols: E, q: take('embQ', Int8Array, int8Rows * E), scale: take('embScale', Float32Array, (int8Rows * E) / QGROUP) };
  const tailRows = V - int8Rows;
  const emb: QuantizedRows | SplitRows = embBits === 8 ? head : {
    bits: 4, rows: V, cols: E, head,
    tail: { rows: tailRows, cols: E, q: take('emb4Q', Uint8Array, (tailRows * E) / 2), scale: take('emb4Scale', Float32Array, (tailRows * E) / Q4GROUP) },
  };
  const text = (name: string) => new TextDecoder().decode(take(name, Uint8Array)).split('\n');
  const words = text('words'), display = text('display');
  const lexCounts = take('lexiconCounts', Uint16Array);
  const lexWords = lexCounts.length ? text('lexiconWords') : [], lexDisplay = lexCounts.length ? text('lexiconDisplay') : [];
  if (display.length !== words.length) throw new ModelFormatError('section', 'casing table and vocabulary differ in length');
  if (lexWords.length !== lexCounts.length || lexDisplay.length !== lexWords.length) throw new ModelFormatError('section', 'lexicon sections differ in length');
  const nBi = take('biNext', Uint16Array).length, nCtx = take('triKeys', Uint32Array).length, nTri = take('triNext', Uint16Array).length;
  const ngram: NgramData = {
    V, D: typeof meta.D === 'number' ? meta.D : 0.75,
    uni: take('ngUni', Float32Array, V), biOffsets: take('biOffsets', Uint32Array, V + 1), biNext: take('biNext', Uint16Array),
    biCount: take('biCount', Uint16Array, nBi), biTotal: take('biTotal', Uint32Array, V),
    triKeys: take('triKeys', Uint32Array), triOffsets: take('triOffsets', Uint32Array, nCtx + 1), triNext: take('triNext', Uint16Array),
    triCount: take('triCount', Uint16Array, nTri), triTotal: take('triTotal', Uint32Array, nCtx),
  };
  if (ngram.biOffsets[V] !== nBi || ngram.triOffsets[nCtx] !== nTri) throw new ModelFormatError('section', 'n-gram offsets do not match their tables');
  const previousIds = sections.has('previousIds') ? take('previousIds', Int32Array) : undefined;
  if (previousIds?.some((id) => id < -1 || id >= V)) throw new ModelFormatError('section', 'section previousIds holds ids outside the vocabulary');
  const adaptMs = sections.has('adaptMs') ? take('adaptMs', Float32Array, adaptStatsLength({ V, E, H })) : undefined;
  if (adaptMs?.some((x) => !(x >= 0 && Number.isFinite(x)))) throw new ModelFormatError('section', 'section adaptMs holds values that are not finite and non-negative');
  return {
    meta: {
      name: String(meta.name ?? 'unnamed'), lang: String(meta.lang ?? 'en'), created: String(meta.created ?? ''), description: typeof meta.description === 'string' ? meta.description : undefined,
      id: `${String(meta.name ?? 'unnamed')}#${checksum.toString(16).padStart(8, '0')}`,
    },
    weights: {
      shape: { V, E, H },
      emb,
      gates: { rows: 4 * H, cols: 2 * E, q: take('gatesQ', Int8Array, 8 * H * E), scale: take('gatesScale', Float32Array, (8 * H * E) / QGROUP) },
      gateBias: take('gateBias', Float32Array, 4 * H),
      proj: { rows: E, cols: H, q: take('projQ', Int8Array, E * H), scale: take('projScale', Float32Array, (E * H) / QGROUP) },
      outBias: take('outBias', Float32Array, V),
    },
    words, display,
    lexicon: { words: lexWords, display: lexDisplay, counts: lexCounts },
    ngram, gate: take('gate', Float32Array, GATE_BUCKETS * GATE_BUCKETS),
    ...(previousIds ? { previous: { name: String(meta.previousName ?? ''), ids: previousIds } } : {}),
    ...(adaptMs ? { adaptMs } : {}),
  };
}
