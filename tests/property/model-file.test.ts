import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { synthCorpus, tinyModelData, trainTiny } from '../model/fixtures';
import { FORMAT_VERSION, MAGIC } from '../../src/model/container';
import { crc32 } from '../../src/util/crc32';
import { ModelFormatError, readModelFile, writeModelFile } from '../../src/model/model-file';
import { replaceAt } from './json-edit';

/**
 * Property tests: the model-file reader meets random bytes and damaged real model files —
 * flipped, cut, spliced, with the checksum fixed up so the deeper checks run, and with the
 * header JSON rewritten — and always either reads the file or throws ModelFormatError, quickly.
 */

const SEED = 23;
const corpus = synthCorpus(3, 100);
const valid = writeModelFile(tinyModelData(trainTiny(corpus, 5), corpus));
const dv = new DataView(valid.buffer);
const headerLength = dv.getUint32(12, true);
const header = JSON.parse(new TextDecoder().decode(valid.subarray(16, 16 + headerLength))) as Record<string, unknown>;
const sectionArea = valid.subarray(Math.ceil((16 + headerLength) / 16) * 16, valid.length - 4);

/** A copy with the trailing CRC-32 recomputed, so the checks after the checksum are reached. */
function resealed(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 4) return bytes;
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

/** A well-sealed file around any header text and the valid file's sections. */
function withHeader(text: string): Uint8Array {
  const h = new TextEncoder().encode(text);
  const start = Math.ceil((16 + h.length) / 16) * 16;
  const out = new Uint8Array(start + sectionArea.length + 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, h.length, true);
  out.set(h, 16);
  out.set(sectionArea, start);
  return resealed(out);
}

/** Damage to a valid file: flipped bytes, a cut, inserted or deleted bytes, overwritten header words. */
const damage = fc.record({
  flips: fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }),
  how: fc.nat(5),
  at: fc.nat(valid.length),
  insert: fc.uint8Array({ maxLength: 64 }),
  reseal: fc.boolean(),
});

/** Applies a `damage` description (arbitraries describe the damage, so a counterexample stays short). */
function damaged({ flips, how, at, insert, reseal }: { flips: [number, number][]; how: number; at: number; insert: Uint8Array; reseal: boolean }): Uint8Array {
  let bytes = valid.slice();
  if (how === 0) for (const [i, x] of flips) bytes[i]! ^= x;
  else if (how === 1) bytes = bytes.slice(0, at);
  else if (how === 2) bytes = new Uint8Array([...bytes.subarray(0, at), ...insert, ...bytes.subarray(at)]);
  else if (how === 3) bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(Math.min(bytes.length, at + insert.length + 1))]);
  else if (how === 4) for (const [i, x] of flips) new DataView(bytes.buffer).setUint32(8 + ((i % 3) * 4), x * 0x01010101, true);
  else for (const [i, x] of flips) bytes[16 + (i % headerLength)] = x; // inside the header JSON
  return reseal ? resealed(bytes) : bytes;
}

/** Where in the valid header to put which JSON value (the file is sealed again, so the header is parsed). */
const headerEdit = fc.tuple(fc.array(fc.nat(), { maxLength: 5 }), fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, -1, 0, 1.5, 2 ** 31, 2 ** 53, '__proto__', 'constructor', 'f32', 'i8', 'u32', {}, [], [null], [{}]),
));

/** Runs the reader and says what happened. */
function read(bytes: Uint8Array): 'read' | ModelFormatError {
  try {
    readModelFile(bytes);
    return 'read';
  } catch (error) {
    if (error instanceof ModelFormatError) return error;
    throw error; // anything else fails the property with its own stack
  }
}

describe('readModelFile (property)', () => {
  it('rejects random bytes with ModelFormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(read(bytes)).toBeInstanceOf(ModelFormatError);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('rejects random bytes behind a valid magic number and version with ModelFormatError', () => {
    const prefix = valid.subarray(0, 12);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (tail, reseal) => {
        const bytes = new Uint8Array([...prefix, ...tail]);
        expect(read(reseal ? resealed(bytes) : bytes)).toBeInstanceOf(ModelFormatError);
      }),
      { seed: SEED + 1, numRuns: 500 },
    );
  });

  it('reads a damaged model file or throws ModelFormatError, within a second', () => {
    let slowest = 0;
    fc.assert(
      fc.property(damage, (d) => {
        const bytes = damaged(d);
        const started = performance.now();
        read(bytes);
        slowest = Math.max(slowest, performance.now() - started);
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
    expect(slowest).toBeLessThan(1000);
  });

  it('reads a model file whose header was rewritten or throws ModelFormatError, within a second', () => {
    let slowest = 0;
    fc.assert(
      fc.property(headerEdit, ([path, value]) => {
        const bytes = withHeader(JSON.stringify(replaceAt(header, path, value)));
        const started = performance.now();
        read(bytes);
        slowest = Math.max(slowest, performance.now() - started);
      }),
      { seed: SEED + 3, numRuns: 400 },
    );
    expect(slowest).toBeLessThan(1000);
  });

  it.each([
    ['a null section entry', () => ({ ...header, sections: [null] })],
    ['a section of dtype "__proto__"', () => ({ ...header, sections: [{ name: 'embQ', dtype: '__proto__', offset: 0, length: 1 }] })],
    ['a section of dtype "constructor"', () => ({ ...header, sections: [{ name: 'embQ', dtype: 'constructor', offset: 0, length: 1 }] })],
    ['null metadata', () => ({ ...header, meta: null })],
    ['a header that is JSON null', () => null],
  ])('rejects %s with ModelFormatError', (_name, make) => {
    expect(read(withHeader(JSON.stringify(make())))).toBeInstanceOf(ModelFormatError);
  });

  it('still reads the undamaged file (the generators start from a valid one)', () => {
    expect(read(valid)).toBe('read');
    expect(read(withHeader(JSON.stringify(header)))).toBe('read');
  });
});
