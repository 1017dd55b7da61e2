import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthCorpus, tinyModelData, trainTiny } from '../model/fixtures';
import { createEngine } from '../../src/engine/engine';
import { Learner } from '../../src/learn/learner';
import { writeModelFile } from '../../src/model/model-file';
import { exportPersonalData, ImportFileError, parseImportFile } from '../../src/storage/backup';
import { openInklingDB } from '../../src/storage/db';
import { addStats } from '../../src/storage/stats';
import { replaceAt } from './json-edit';

/**
 * Property tests: the import-file reader (a file the user picks, so anything at all) either
 * accepts a file or throws ImportFileError — for random text, random JSON, and real exports
 * with any value anywhere replaced — and never takes long.
 */

const SEED = 41;
let valid: unknown;

beforeAll(async () => {
  const corpus = synthCorpus(11, 300);
  const engine = createEngine(writeModelFile(tinyModelData(trainTiny(corpus, 100), corpus)));
  const db = await openInklingDB(new IDBFactory());
  const learner = new Learner(db, engine, 'en');
  const typed = { pastedRanges: [] as [number, number][], field: { sensitive: false }, site: { blocked: false, incognito: false }, settings: { learning: true } };
  for (const [i, text] of ['I asked Zorbulon to send the letter to our teacher today.', 'Zorbulon likes the red book and the big house.'].entries()) {
    await learner.capture({ ...typed, text }, { draftKey: `d${i}`, origin: 'https://example.test', now: 1000 + i });
  }
  await learner.drain();
  await addStats(db, '2025-01-02', { keystrokesSaved: 3, suggestionsAccepted: 1 });
  valid = JSON.parse(JSON.stringify(await exportPersonalData(db, { language: 'auto' }, 5000)));
});

/** Runs the reader and says what happened; anything but ImportFileError fails the property. */
function parse(text: string): 'accepted' | ImportFileError {
  try {
    parseImportFile(text);
    return 'accepted';
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
}

describe('parseImportFile (property)', () => {
  it('accepts a real export (the generators start from a valid one)', () => {
    expect(parse(JSON.stringify(valid))).toBe('accepted');
  });

  it('rejects random text and random JSON with ImportFileError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.json()), (text) => {
        const result = parse(text);
        if (result !== 'accepted') expect(result).toBeInstanceOf(ImportFileError);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('accepts or rejects with ImportFileError a real export with any value anywhere replaced, quickly', () => {
    const edits = fc.tuple(
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.oneof(
        fc.jsonValue(),
        fc.constantFrom(null, -1, 0, 1.5, 2 ** 53, '', 'x', '!!notbase64', '__proto__', [], {}, [null], { toString: 1 }, { id: 1 }, 'inkling-personal-data'),
      ),
    );
    let slowest = 0;
    fc.assert(
      fc.property(edits, ([path, value]) => {
        const started = performance.now();
        parse(JSON.stringify(replaceAt(valid, path, value)) ?? 'null');
        slowest = Math.max(slowest, performance.now() - started);
      }),
      { seed: SEED + 1, numRuns: 1500 },
    );
    expect(slowest).toBeLessThan(1000);
  });

  it('reports a version that is an object without a usable toString as ImportFileError', () => {
    expect(parse(JSON.stringify({ ...(valid as object), version: { toString: 1 } }))).toBeInstanceOf(ImportFileError);
  });
});
