import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from './fixtures';
import { ModelFormatError, readModelFile, writeModelFile } from '../../src/model/model-file';
import { FORMAT_VERSION, OLDEST_FORMAT_VERSION } from '../../src/model/container';
import { quantizeParams } from '../../scripts/train/package';
import { crc32 } from '../../src/util/crc32';

const corpus = synthCorpus(3, 100);
const tiny = trainTiny(corpus, 5);
const model = tinyModelData(tiny, corpus);
const bytes = writeModelFile(model);

function problemOf(b: Uint8Array): string {
  try { readModelFile(b); return 'accepted'; } catch (e) {
    if (e instanceof ModelFormatError) return e.problem;
    throw e;
  }
}

/** A copy with a fresh checksum, so a test reaches the check after the checksum. */
function resealed(b: Uint8Array): Uint8Array {
  const out = b.slice();
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

function headerOf(b: Uint8Array): { meta: Record<string, unknown>; sections: unknown[] } {
  const n = new DataView(b.buffer, b.byteOffset).getUint32(12, true);
  return JSON.parse(new TextDecoder().decode(b.subarray(16, 16 + n)));
}

/** The same file with its header's meta replaced (sections keep their offsets: they are relative to the section area). */
function withHeaderMeta(b: Uint8Array, meta: Record<string, unknown>): Uint8Array {
  const n = new DataView(b.buffer, b.byteOffset).getUint32(12, true);
  const h = new TextEncoder().encode(JSON.stringify({ ...headerOf(b), meta }));
  const area = b.subarray(Math.ceil((16 + n) / 16) * 16, b.length - 4), start = Math.ceil((16 + h.length) / 16) * 16;
  const out = new Uint8Array(start + area.length + 4);
  out.set(b.subarray(0, 12));
  new DataView(out.buffer).setUint32(12, h.length, true);
  out.set(h, 16);
  out.set(area, start);
  return resealed(out);
}

function withVersion(b: Uint8Array, version: number): Uint8Array {
  const out = b.slice();
  new DataView(out.buffer).setUint32(8, version, true);
  return resealed(out);
}

describe('model file', () => {
  it('round-trips every section', () => {
    const back = readModelFile(bytes);
    expect(back.meta).toMatchObject(model.meta);
    expect(back.words).toEqual(model.words);
    expect(back.display).toEqual(model.display);
    expect(back.lexicon.words).toEqual(model.lexicon.words);
    if (back.weights.emb.bits === 4 || model.weights.emb.bits === 4) throw new Error('the fixture embedding is int8');
    expect(Array.from(back.weights.emb.q)).toEqual(Array.from(model.weights.emb.q));
    expect(Array.from(back.weights.gates.scale)).toEqual(Array.from(model.weights.gates.scale));
    expect(Array.from(back.ngram.triNext)).toEqual(Array.from(model.ngram.triNext));
    expect(Array.from(back.gate)).toEqual(Array.from(model.gate));
  });

  it('round-trips a split embedding (frequent rows int8, the rest 4-bit)', () => {
    const split = { ...model, weights: quantizeParams(tiny.params, tiny.shape, { bits: 4, int8Rows: 45 }) };
    const back = readModelFile(writeModelFile(split));
    if (back.weights.emb.bits !== 4 || split.weights.emb.bits !== 4) throw new Error('expected a split embedding');
    expect(back.weights.emb.head.rows).toBe(45);
    expect(Array.from(back.weights.emb.head.q)).toEqual(Array.from(split.weights.emb.head.q));
    expect(Array.from(back.weights.emb.tail.q)).toEqual(Array.from(split.weights.emb.tail.q));
    expect(Array.from(back.weights.emb.tail.scale)).toEqual(Array.from(split.weights.emb.tail.scale));
  });

  it('still reads format 2 (an int8 embedding, no embBits field)', () => {
    const { embBits: _, embInt8Rows: __, ...meta } = headerOf(bytes).meta;
    const v2 = withVersion(withHeaderMeta(bytes, meta), 2);
    const back = readModelFile(v2);
    expect(back.weights.emb.bits ?? 8).toBe(8);
    expect(back.words).toEqual(model.words);
  });

  it('reads a file held in a Node Buffer or inside a larger buffer (views, not copies)', () => {
    const padded = new Uint8Array(bytes.length + 24);
    padded.set(bytes, 24);
    for (const view of [Buffer.from(bytes), padded.subarray(24)]) {
      const back = readModelFile(view);
      expect(back.words).toEqual(model.words);
      expect(back.lexicon.words).toEqual(model.lexicon.words);
      expect(Array.from(back.weights.gates.scale)).toEqual(Array.from(model.weights.gates.scale));
    }
  });

  it.each([
    ['an empty file', () => new Uint8Array(0), 'truncated'],
    ['a wrong magic number', () => { const b = bytes.slice(); b[0] = 0x58; return b; }, 'magic'],
    ['a newer format version', () => { const b = bytes.slice(); new DataView(b.buffer).setUint32(8, FORMAT_VERSION + 1, true); return b; }, 'version'],
    ['a format older than the oldest read', () => withVersion(bytes, OLDEST_FORMAT_VERSION - 1), 'version'],
    ['a split embedding whose int8 row count is missing', () => { const { embInt8Rows: _, ...meta } = headerOf(bytes).meta; return withHeaderMeta(bytes, { ...meta, embBits: 4 }); }, 'header'],
    ['a truncated file', () => bytes.slice(0, bytes.length - 1000), 'checksum'],
    ['a flipped weight byte', () => { const b = bytes.slice(); b[b.length - 200] ^= 0x40; return b; }, 'checksum'],
    ['a header that runs past the end', () => { const b = bytes.slice(); new DataView(b.buffer).setUint32(12, b.length, true); return b; }, 'truncated'],
    ['a header that is not JSON', () => { const b = bytes.slice(); b[16] = 0x7b; b[17] = 0x7b; return resealed(b); }, 'header'],
  ])('rejects %s with a typed error', (_name, make, problem) => {
    expect(problemOf(make())).toBe(problem);
  });

  it('says which versions it reads when the version is wrong', () => {
    expect(() => readModelFile(withVersion(bytes, FORMAT_VERSION + 1))).toThrow(`version ${FORMAT_VERSION + 1} is not supported (this build reads version ${FORMAT_VERSION} and the older ${OLDEST_FORMAT_VERSION})`);
  });

  it('says what is wrong in the message', () => {
    const b = bytes.slice(); b[b.length - 200] ^= 1;
    expect(() => readModelFile(b)).toThrow(/corrupted or truncated/);
  });
});
