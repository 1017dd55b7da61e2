import { describe, expect, it } from 'vitest';
import { addWord, blockedWords, listVocabulary, recordWords, removeWord, setBlocked } from '../../src/storage/vocabulary';
import { badRecordLog, freshDB, putRaw } from './helpers';

const w = (display: string) => ({ word: display.toLowerCase(), display });

describe('recordWords', () => {
  it('counts words, keeps the latest form and returns the new ones', async () => {
    const db = await freshDB();
    expect(await recordWords(db, [w('Priya'), w('said'), w('priya')], 'en', 10)).toEqual(['priya', 'said']);
    expect(await recordWords(db, [w('PRIYA'), w('Kubernetes')], 'en', 20)).toEqual(['kubernetes']);
    expect(await listVocabulary(db)).toEqual([
      { word: 'priya', display: 'PRIYA', count: 3, firstSeen: 10, lastSeen: 20, blocked: false, addedByUser: false, lang: 'en' },
      { word: 'kubernetes', display: 'Kubernetes', count: 1, firstSeen: 20, lastSeen: 20, blocked: false, addedByUser: false, lang: 'en' },
      { word: 'said', display: 'said', count: 1, firstSeen: 10, lastSeen: 10, blocked: false, addedByUser: false, lang: 'en' },
    ]);
  });

  it('does not count blocked words, and replaces a malformed entry', async () => {
    const db = await freshDB();
    await setBlocked(db, 'secretproject', true);
    await putRaw(db, 'vocabulary', { word: 'zork', count: 'many' });
    const log = badRecordLog();
    expect(await recordWords(db, [w('secretproject'), w('zork')], 'en', 5, log.onBadRecord)).toEqual(['zork']);
    expect(log.reports).toEqual([['vocabulary: field "display" is not string', 'zork']]);
    expect((await listVocabulary(db)).map((e) => [e.word, e.count])).toEqual([['zork', 1]]);
    expect((await listVocabulary(db, { includeBlocked: true })).find((e) => e.word === 'secretproject')?.count).toBe(0);
  });
});

describe('listVocabulary', () => {
  it('skips and reports malformed entries', async () => {
    const db = await freshDB();
    await recordWords(db, [w('fine')], 'en', 1);
    await putRaw(db, 'vocabulary', { word: 'broken', display: 'broken', count: 1, firstSeen: 1, lastSeen: 1, blocked: 'no', addedByUser: false, lang: 'en' });
    const log = badRecordLog();
    expect((await listVocabulary(db, { onBadRecord: log.onBadRecord })).map((e) => e.word)).toEqual(['fine']);
    expect(log.reports).toEqual([['vocabulary: field "blocked" is not boolean', 'broken']]);
  });

  it('limits to the most used', async () => {
    const db = await freshDB();
    await recordWords(db, [w('a'), w('b'), w('b'), w('c'), w('c'), w('c')], 'en', 1);
    expect((await listVocabulary(db, { limit: 2 })).map((e) => e.word)).toEqual(['c', 'b']);
  });
});

describe('setBlocked / blockedWords / addWord / removeWord', () => {
  it('blocks, unblocks, adds and removes words', async () => {
    const db = await freshDB();
    await recordWords(db, [w('Alpha'), w('beta')], 'en', 1);
    await setBlocked(db, 'alpha', true);
    await setBlocked(db, 'never-seen', true);
    expect(await blockedWords(db)).toEqual(new Set(['alpha', 'never-seen']));
    expect((await listVocabulary(db)).map((e) => e.word)).toEqual(['beta']);
    await setBlocked(db, 'alpha', false);
    await setBlocked(db, 'unknown', false); // unblocking an unknown word creates nothing
    expect(await blockedWords(db)).toEqual(new Set(['never-seen']));
    expect((await listVocabulary(db, { includeBlocked: true })).map((e) => e.word).sort()).toEqual(['alpha', 'beta', 'never-seen']);

    await addWord(db, w('Inkling'), 'en', 5);
    await addWord(db, w('Beta'), 'en', 6);
    const byWord = new Map((await listVocabulary(db)).map((e) => [e.word, e]));
    expect(byWord.get('inkling')).toMatchObject({ display: 'Inkling', count: 0, addedByUser: true, firstSeen: 5 });
    expect(byWord.get('beta')).toMatchObject({ display: 'Beta', count: 1, addedByUser: true, firstSeen: 1 });

    await removeWord(db, 'never-seen');
    await removeWord(db, 'inkling');
    expect(await blockedWords(db)).toEqual(new Set());
    expect((await listVocabulary(db)).map((e) => e.word).sort()).toEqual(['alpha', 'beta']);
  });
});
