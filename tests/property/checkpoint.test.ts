import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthCorpus, tinyModelData, trainTiny } from '../model/fixtures';
import { createEngine, type Engine } from '../../src/engine/engine';
import { Learner } from '../../src/learn/learner';
import { PersonalMemory } from '../../src/learn/personal-memory';
import { crc32 } from '../../src/util/crc32';
import { writeModelFile } from '../../src/model/model-file';
import { openInklingDB, type Checkpoint, type CheckpointPart } from '../../src/storage/db';
import { replaceAt } from './json-edit';

/**
 * Property tests: a personal checkpoint damaged at rest — bytes flipped, cut or replaced, with
 * or without a checksum that matches, or its JSON rewritten — never stops the learner: restore
 * does not throw, anything it cannot trust is reported and the base model is used, and
 * suggestions and further learning keep working.
 */

const SEED = 31;
const corpus = synthCorpus(11, 300);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 100), corpus));
const USER_TEXT = [
  'I asked Zorbulon to send the letter to our teacher today.',
  'Zorbulon likes the red book and the big house.',
  'Please tell Zorbulon that the children want the ball.',
];
const typed = { pastedRanges: [] as [number, number][], field: { sensitive: false }, site: { blocked: false, incognito: false }, settings: { learning: true } };

let engine: Engine;
let good: Checkpoint;
let goodSnapshot: unknown;
/** the parts the good checkpoint's head describes (the n-gram base, logs), copied along with any head tried */
let goodParts: CheckpointPart[];

beforeAll(async () => {
  engine = createEngine(modelBytes);
  const db = await openInklingDB(new IDBFactory());
  const learner = new Learner(db, engine, 'en');
  for (const [i, text] of USER_TEXT.entries()) await learner.capture({ ...typed, text }, { draftKey: `d${i}`, origin: 'https://example.test', now: 1000 + i });
  await learner.drain();
  const names = await db.getAllKeys('checkpoints');
  expect(names).toHaveLength(1);
  good = (await db.get('checkpoints', names[0]!))!;
  goodSnapshot = JSON.parse(new TextDecoder().decode(good.bytes));
  goodParts = await db.getAll('checkpointParts');
});

/** Restores from `record` in a fresh database and checks the learner still works afterwards. */
async function restoreFrom(record: Checkpoint): Promise<{ reports: string[]; personal: boolean }> {
  const db = await openInklingDB(new IDBFactory());
  await (db as unknown as { put(store: string, value: unknown): Promise<unknown> }).put('checkpoints', record);
  for (const part of goodParts) await db.put('checkpointParts', part);
  const reports: string[] = [];
  const learner = new Learner(db, engine, 'en', (problem) => reports.push(problem));
  await learner.restore();
  for (const [context, prefix] of [['Please ask ', 'Zo'], ['I asked ', ''], ['', 't']] as const) {
    const words = engine.predict({ field: 'f', context, prefix, k: 3 });
    expect(Array.isArray(words)).toBe(true);
    expect(words.length).toBeLessThanOrEqual(3);
    for (const w of words) expect(typeof w === 'string' && w.length > 0).toBe(true);
  }
  await learner.capture({ ...typed, text: 'The old man reads the letter every morning.' }, { draftKey: 'next', origin: 'https://example.test', now: 5000 });
  await learner.drain();
  return { reports, personal: !engine.personal.empty };
}

const sealed = (bytes: Uint8Array): Checkpoint => ({ ...good, bytes, checksum: crc32(bytes) });

describe('Learner.restore on a damaged checkpoint (property)', () => {
  it('restores the undamaged checkpoint without a report (the generators start from a valid one)', async () => {
    const { reports, personal } = await restoreFrom(good);
    expect(reports).toEqual([]);
    expect(personal).toBe(true);
  });

  it('falls back to the base model and reports it when the bytes no longer match their checksum', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(good.bytes.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 }), async (flips) => {
        const bytes = good.bytes.slice();
        for (const [i, x] of flips) bytes[i]! ^= x;
        const { reports } = await restoreFrom({ ...good, bytes });
        expect(reports.join('\n')).toMatch(/checkpoint/);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('never throws on bytes that match their checksum but are damaged, cut or random', async () => {
    const damage = fc.oneof(
      fc.array(fc.tuple(fc.nat(good.bytes.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 }).map((flips) => {
        const bytes = good.bytes.slice();
        for (const [i, x] of flips) bytes[i]! ^= x;
        return bytes;
      }),
      fc.nat(good.bytes.length).map((n) => good.bytes.slice(0, n)),
      fc.uint8Array({ maxLength: 512 }),
    );
    await fc.assert(
      fc.asyncProperty(damage, async (bytes) => {
        const { reports } = await restoreFrom(sealed(bytes));
        // Damage that leaves valid JSON of the right shape may be accepted; everything else is reported.
        if (reports.length) expect(reports.join('\n')).toMatch(/checkpoint/);
      }),
      { seed: SEED + 1, numRuns: 80 },
    );
  });

  it('never throws on a checkpoint whose JSON was rewritten anywhere', async () => {
    const edit = fc.tuple(
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.oneof(fc.jsonValue(), fc.constantFrom(null, -1, 1e308, 'x', [], {}, [null], [[1, 2]], [['w', 'NaN']], { v: 99 })),
    );
    await fc.assert(
      fc.asyncProperty(edit, async ([path, value]) => {
        const text = JSON.stringify(replaceAt(goodSnapshot, path, value)) ?? 'null';
        await restoreFrom(sealed(new TextEncoder().encode(text)));
      }),
      { seed: SEED + 2, numRuns: 150 },
    );
  });

  it.each([
    ['a snapshot of an unknown future version', { memory: { v: 99 }, consumed: [] }],
    ['a snapshot that is not an object', 42],
    ['consumed ids that are not keys (a checkpoint of the one-record format)', { memory: new PersonalMemory().toJSON(), consumed: [{ id: null, updatedAt: 'x' }] }],
    ['a head of an unknown future version', { v: 99, seq: 1, base: { seq: 0, bytes: 0 }, logs: [] }],
  ])('reports %s and keeps working', async (_name, snapshot) => {
    const { reports } = await restoreFrom(sealed(new TextEncoder().encode(JSON.stringify(snapshot))));
    expect(reports.join('\n')).toMatch(/checkpoint/);
  });
});
