import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, getMeta, openInklingDB, setMeta, shapeProblem, type DayStats } from '../../src/storage/db';

describe('openInklingDB', () => {
  it('creates every store at the latest version', async () => {
    const db = await openInklingDB(new IDBFactory());
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['checkpointParts', 'checkpoints', 'meta', 'samples', 'stats', 'vocabulary']);
    const tx = db.transaction(['samples', 'vocabulary']);
    expect([...tx.objectStore('samples').indexNames].sort()).toEqual(['byDraft', 'byLearned', 'byOrigin']);
    expect([...tx.objectStore('vocabulary').indexNames]).toEqual([]);
    db.close();
  });

  it('upgrades a version 1 database with data to the latest version without losing records', async () => {
    const factory = new IDBFactory();
    const v1 = await openInklingDB(factory, 'inkling', 1);
    expect(v1.version).toBe(1);
    expect([...v1.transaction('vocabulary').store.indexNames]).toEqual([]);
    const sample = { draftKey: 'd1', text: 'hello there friend', lang: 'en', origin: 'https://a.example', createdAt: 1, updatedAt: 2, learned: 0 as const };
    const id = await v1.add('samples', sample);
    await v1.put('vocabulary', { word: 'zork', display: 'Zork', count: 3, firstSeen: 1, lastSeen: 5, blocked: false, addedByUser: false, lang: 'en' });
    await v1.put('checkpoints', { name: 'personal', version: 1, createdAt: 1, bytes: new Uint8Array([1, 2, 3]), checksum: 0 });
    // A day of an older schema, with the wordsTyped counter it had (never counted).
    await v1.put('stats', { day: '2025-01-02', keystrokesSaved: 4, suggestionsAccepted: 1, wordsTyped: 9 } as DayStats);
    await v1.put('meta', { step: 7 }, 'learner');
    v1.close();

    const v2 = await openInklingDB(factory, 'inkling');
    expect(v2.version).toBe(DB_VERSION);
    expect([...v2.objectStoreNames]).toContain('checkpointParts');
    expect(await v2.get('samples', id)).toEqual({ ...sample, id });
    expect(await v2.get('vocabulary', 'zork')).toMatchObject({ word: 'zork', count: 3, lastSeen: 5 });
    // Version 4 drops the indexes nothing read; the records stay.
    expect([...v2.transaction('samples').store.indexNames].sort()).toEqual(['byDraft', 'byLearned', 'byOrigin']);
    expect((await v2.get('checkpoints', 'personal'))?.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(await v2.get('stats', '2025-01-02')).toMatchObject({ keystrokesSaved: 4, suggestionsAccepted: 1 });
    expect(await getMeta(v2, 'learner')).toEqual({ step: 7 });
    v2.close();
  });

  it('refuses a factory whose classes are not the IndexedDB globals idb checks against', async () => {
    const foreign = { open: () => { throw new Error('must not be called'); } } as unknown as IDBFactory;
    await expect(openInklingDB(foreign)).rejects.toThrow(/fake-indexeddb\/auto/);
  });

  it('lets a newer version open while an older connection is still open', async () => {
    const factory = new IDBFactory();
    const v1 = await openInklingDB(factory, 'inkling', 1);
    const v2 = await openInklingDB(factory, 'inkling');
    expect(v2.version).toBe(DB_VERSION);
    v1.close();
    v2.close();
  });
});

describe('meta', () => {
  it('stores any structured-cloneable value under a string key', async () => {
    const db = await openInklingDB(new IDBFactory());
    await setMeta(db, 'cursor', { sampleId: 3, offset: 120, seen: new Set(['a']) });
    expect(await getMeta(db, 'cursor')).toEqual({ sampleId: 3, offset: 120, seen: new Set(['a']) });
    expect(await getMeta(db, 'missing')).toBeUndefined();
  });
});

describe('shapeProblem', () => {
  const shape = { s: 'string', n: 'number', b: 'boolean', bit: 'bit', bytes: 'bytes' } as const;
  const good = { s: 'x', n: 1.5, b: false, bit: 1, bytes: new Uint8Array(2) };
  it.each([
    ['a good value', good, undefined],
    ['null', null, 'not an object (null)'],
    ['a string', 'x', 'not an object (string)'],
    ['a missing field', { ...good, s: undefined }, 'field "s" is not string'],
    ['NaN', { ...good, n: NaN }, 'field "n" is not number'],
    ['a bit of 2', { ...good, bit: 2 }, 'field "bit" is not bit'],
    ['a plain array as bytes', { ...good, bytes: [1, 2] }, 'field "bytes" is not bytes'],
    ['a Float32Array as bytes', { ...good, bytes: new Float32Array(1) }, 'field "bytes" is not bytes'],
  ])('%s', (_name, value, expected) => {
    expect(shapeProblem(value, shape)).toBe(expected);
  });
});
