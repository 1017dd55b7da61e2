import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from './fixtures';
import { ModelFormatError, readModelFile, writeModelFile } from '../../src/model/model-file';
import { FORMAT_VERSION } from '../../src/model/container';
import { crc32 } from '../../src/model/crc32';

const corpus = synthCorpus(3, 100);
const model = tinyModelData(trainTiny(corpus, 5), corpus);
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

describe('model file', () => {
  it('round-trips every section', () => {
    const back = readModelFile(bytes);
    expect(back.meta).toMatchObject(model.meta);
    expect(back.words).toEqual(model.words);
    expect(back.display).toEqual(model.display);
    expect(back.lexicon.words).toEqual(model.lexicon.words);
    expect(Array.from(back.weights.emb.q)).toEqual(Array.from(model.weights.emb.q));
    expect(Array.from(back.weights.gates.scale)).toEqual(Array.from(model.weights.gates.scale));
    expect(Array.from(back.ngram.triNext)).toEqual(Array.from(model.ngram.triNext));
    expect(Array.from(back.gate)).toEqual(Array.from(model.gate));
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
    ['another format version', () => { const b = bytes.slice(); new DataView(b.buffer).setUint32(8, FORMAT_VERSION + 1, true); return b; }, 'version'],
    ['a truncated file', () => bytes.slice(0, bytes.length - 1000), 'checksum'],
    ['a flipped weight byte', () => { const b = bytes.slice(); b[b.length - 200] ^= 0x40; return b; }, 'checksum'],
    ['a header that runs past the end', () => { const b = bytes.slice(); new DataView(b.buffer).setUint32(12, b.length, true); return b; }, 'truncated'],
    ['a header that is not JSON', () => { const b = bytes.slice(); b[16] = 0x7b; b[17] = 0x7b; return resealed(b); }, 'header'],
  ])('rejects %s with a typed error', (_name, make, problem) => {
    expect(problemOf(make())).toBe(problem);
  });

  it('says what is wrong in the message', () => {
    const b = bytes.slice(); b[b.length - 200] ^= 1;
    expect(() => readModelFile(b)).toThrow(/corrupted or truncated/);
  });
});
