import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALL_STORES, deleteAllRecords, exportPersonalData, ImportFileError, parseImportFile, writeImport, type ExportFile,
} from '../../src/storage/backup';
import { putCheckpointPart, readCheckpoint, readCheckpointParts, writeCheckpoint } from '../../src/storage/checkpoints';
import { setMeta, type InklingDatabase } from '../../src/storage/db';
import { listSamples, markLearned, upsertDraft } from '../../src/storage/samples';
import { addStats, recentStats } from '../../src/storage/stats';
import { listVocabulary, recordWords, setBlocked } from '../../src/storage/vocabulary';
import { failNextPuts, freshDB } from './helpers';

afterEach(() => vi.restoreAllMocks());

const PREFS = { language: 'pt' };

/** A database holding one of everything personal. */
async function filledDB(): Promise<InklingDatabase> {
  const db = await freshDB();
  const id = await upsertDraft(db, { draftKey: 'v1:1', text: 'Meet Zyrtelle at the café', lang: 'en', origin: 'https://mail.example', now: 1000 });
  await upsertDraft(db, { draftKey: 'v1:2', text: 'Obrigado pela ajuda, Zyrtelle', lang: 'pt', origin: 'https://chat.example', now: 2000 });
  await markLearned(db, [id]);
  await recordWords(db, [{ word: 'zyrtelle', display: 'Zyrtelle' }], 'en', 1500);
  await setBlocked(db, 'darn', true, 1600);
  await addStats(db, '2024-05-01', { keystrokesSaved: 12, suggestionsAccepted: 3 });
  await writeCheckpoint(db, 'personal-en', new TextEncoder().encode('{"memory":{}}'), 1700);
  const tx = db.transaction('checkpointParts', 'readwrite');
  await putCheckpointPart(tx.store, 'personal-en', 'base', new Uint8Array([7, 0, 255, 3]));
  await tx.done;
  await setMeta(db, 'lastLearned', 1700);
  return db;
}

const withoutDate = ({ exportedAt: _, ...rest }: ExportFile) => rest;

async function recordsIn(db: InklingDatabase): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(ALL_STORES.map(async (s) => [s, await db.count(s)] as const)));
}

describe('export and import', () => {
  it('round trip: export, delete everything, import gives back the same samples, words, stats and checkpoints', async () => {
    const db = await filledDB();
    const exported = await exportPersonalData(db, PREFS, 5000);
    expect(exported).toMatchObject({ format: 'inkling-personal-data', version: 2, exportedAt: '1970-01-01T00:00:05.000Z', preferences: PREFS });
    expect(exported.samples).toHaveLength(2);
    const text = JSON.stringify(exported);

    await deleteAllRecords(db);
    expect(Object.values(await recordsIn(db))).toEqual([0, 0, 0, 0, 0, 0]);

    const parsed = parseImportFile(text);
    expect(parsed.preferences).toEqual(PREFS);
    expect(await writeImport(db, parsed)).toEqual({ samples: 2, words: 2 });
    expect(withoutDate(await exportPersonalData(db, PREFS, 6000))).toEqual(withoutDate(exported));
    expect(new TextDecoder().decode(await readCheckpoint(db, 'personal-en'))).toBe('{"memory":{}}');
    expect([...await readCheckpointParts(db, 'personal-en')]).toEqual([['base', new Uint8Array([7, 0, 255, 3])]]);
    expect((await listVocabulary(db, { includeBlocked: true })).map((w) => [w.word, w.blocked])).toEqual([['zyrtelle', false], ['darn', true]]);
  });

  it('reads a version 1 file (before checkpoints had parts)', async () => {
    const { checkpointParts: _, ...v1 } = { ...(await exportPersonalData(await filledDB(), PREFS, 0)), version: 1 };
    const db = await freshDB();
    expect(await writeImport(db, parseImportFile(JSON.stringify(v1)))).toEqual({ samples: 2, words: 2 });
    expect(new TextDecoder().decode(await readCheckpoint(db, 'personal-en'))).toBe('{"memory":{}}');
    expect((await readCheckpointParts(db, 'personal-en')).size).toBe(0);
  });

  it('reads a file whose days still carry the wordsTyped counter of older versions', async () => {
    const file = await exportPersonalData(await filledDB(), PREFS, 0);
    const old = { ...file, stats: file.stats.map((d) => ({ ...d, wordsTyped: 3 })) };
    const db = await freshDB();
    await writeImport(db, parseImportFile(JSON.stringify(old)));
    expect(await recentStats(db, 1, file.stats[0]!.day)).toEqual([file.stats[0]]);
  });

  it('an import replaces what was stored (a sample not in the file is gone)', async () => {
    const source = await filledDB();
    const file = JSON.stringify(await exportPersonalData(source, {}, 0));
    const db = await freshDB();
    await upsertDraft(db, { draftKey: 'other', text: 'something else entirely', lang: 'en', origin: 'https://x.example', now: 1 });
    await writeImport(db, parseImportFile(file));
    expect((await listSamples(db)).map((s) => s.draftKey).sort()).toEqual(['v1:1', 'v1:2']);
  });

  /** Changes one thing in a valid export. */
  const corrupt = (change: (f: Record<string, any>) => void) => async (): Promise<string> => {
    const file = JSON.parse(JSON.stringify(await exportPersonalData(await filledDB(), {}, 0))) as Record<string, any>;
    change(file);
    return JSON.stringify(file);
  };

  it.each<[string, () => Promise<string>, RegExp]>([
    ['not JSON', async () => '{"format": "inkling-pers', /not JSON/],
    ['another program’s JSON', async () => '{"notes": []}', /not an Inkling data export/],
    ['a newer format', corrupt((f) => { f.version = 3; }), /newer Inkling/],
    ['a damaged checkpoint part', corrupt((f) => { f.checkpointParts[0].bytes = btoa('xyz'); }), /checkpointParts\[0\] \(personal-en base\) is damaged/],
    ['a version 1 file with parts', corrupt((f) => { f.version = 1; }), /unknown field "checkpointParts"/],
    ['an unknown field', corrupt((f) => { f.extra = 1; }), /unknown field "extra"/],
    ['samples not a list', corrupt((f) => { f.samples = {}; }), /samples is not a list/],
    ['a sample without text', corrupt((f) => { delete f.samples[1].text; }), /samples\[1\]: field "text" is not string/],
    ['a sample with an extra field', corrupt((f) => { f.samples[0].secret = 'x'; }), /samples\[0\] has an unknown field "secret"/],
    ['a sample with a bad learned flag', corrupt((f) => { f.samples[0].learned = 2; }), /field "learned" is not bit/],
    ['two samples with one id', corrupt((f) => { f.samples[1].id = f.samples[0].id; }), /samples\[1\] repeats the key/],
    ['two samples of one draft', corrupt((f) => { f.samples[1].draftKey = f.samples[0].draftKey; }), /repeats the draftKey/],
    ['a negative sample id', corrupt((f) => { f.samples[0].id = -4; }), /samples\[0\]\.id is not a positive integer/],
    ['a word with a wrong count', corrupt((f) => { f.vocabulary[0].count = '3'; }), /vocabulary\[0\]: field "count" is not number/],
    ['an empty word', corrupt((f) => { f.vocabulary[0].word = ''; }), /vocabulary\[0\]\.word is empty/],
    ['a malformed day', corrupt((f) => { f.stats[0].day = 'May 1st'; }), /stats\[0\]\.day/],
    ['a damaged checkpoint', corrupt((f) => { f.checkpoints[0].bytes = btoa('{"memory":{"x":1}}'); }), /damaged/],
    ['checkpoint bytes not base64', corrupt((f) => { f.checkpoints[0].bytes = '***'; }), /not base64/],
    ['preferences not an object', corrupt((f) => { f.preferences = []; }), /preferences is not an object/],
  ])('rejects %s and changes nothing', async (_name, make, message) => {
    const text = await make();
    const db = await filledDB();
    const before = await exportPersonalData(db, {}, 0);
    expect(() => parseImportFile(text)).toThrow(ImportFileError);
    expect(() => parseImportFile(text)).toThrow(message);
    expect(await exportPersonalData(db, {}, 0)).toEqual(before);
  });

  it('a write that fails halfway leaves the stored data as it was (one transaction)', async () => {
    const file = parseImportFile(JSON.stringify(await exportPersonalData(await filledDB(), {}, 0)));
    const db = await freshDB();
    await upsertDraft(db, { draftKey: 'mine', text: 'my own words here', lang: 'en', origin: 'https://x.example', now: 1 });
    const before = await exportPersonalData(db, {}, 0);
    failNextPuts(new DOMException('disk error', 'UnknownError'));
    await expect(writeImport(db, file)).rejects.toThrow('disk error');
    vi.restoreAllMocks();
    expect(await exportPersonalData(db, {}, 0)).toEqual(before);
  });

  it('leaves out stored records that are malformed, so the file can be imported', async () => {
    const db = await filledDB();
    await (db as unknown as { put(s: string, v: unknown): Promise<unknown> }).put('samples', { id: 99, draftKey: 'bad', text: 7 });
    const file = await exportPersonalData(db, {}, 0);
    expect(file.samples.map((s) => s.draftKey).sort()).toEqual(['v1:1', 'v1:2']);
    expect(() => parseImportFile(JSON.stringify(file))).not.toThrow();
  });
});

describe('deleteAllRecords', () => {
  it('leaves no record in any store', async () => {
    const db = await filledDB();
    expect(Object.values(await recordsIn(db)).every((n) => n > 0)).toBe(true);
    await deleteAllRecords(db);
    expect(await recordsIn(db)).toEqual({ samples: 0, vocabulary: 0, stats: 0, checkpoints: 0, checkpointParts: 0, meta: 0 });
  });
});
