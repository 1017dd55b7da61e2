import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  countSamples, learnedPart, listSamples, markLearned, nextUnlearnedSample, takeSamples, unlearnedFrom, unlearnedSamples, upsertDraft,
  type DraftInput, type SampleSelection,
} from '../../src/storage/samples';
import { commit, type InklingDatabase } from '../../src/storage/db';
import { StorageQuotaError } from '../../src/storage/quota';
import { badRecordLog, failNextPuts, freshDB, putRaw, quotaError } from './helpers';

const DAY = 86_400_000;
const draft = (over: Partial<DraftInput> = {}): DraftInput => ({
  draftKey: 'tab1#field1', text: 'one two three', lang: 'en', origin: 'https://mail.example', now: 1000, ...over,
});

afterEach(() => vi.restoreAllMocks());

/** Deletes the selected samples in a transaction of their own; their draft keys, oldest first. */
async function take(db: InklingDatabase, which: SampleSelection): Promise<string[]> {
  const tx = db.transaction('samples', 'readwrite');
  const taken = await commit(tx, () => takeSamples(tx.store, which));
  return taken.map((s) => s.draftKey);
}

describe('upsertDraft', () => {
  it('keeps one record per draft: ten edits give one sample with the last text', async () => {
    const db = await freshDB();
    const ids = new Set<number>();
    for (let i = 1; i <= 10; i++) ids.add(await upsertDraft(db, draft({ text: `edit number ${i} of the draft`, now: 1000 + i })));
    expect(ids.size).toBe(1);
    expect(await countSamples(db)).toBe(1);
    const [s] = await listSamples(db);
    expect(s).toMatchObject({ text: 'edit number 10 of the draft', createdAt: 1001, updatedAt: 1010, learned: 0 });
  });

  it('marks an edited draft unlearned again, but not one saved with the same text', async () => {
    const db = await freshDB();
    const id = await upsertDraft(db, draft());
    await markLearned(db, [id]);
    await upsertDraft(db, draft({ now: 2000 }));
    expect((await listSamples(db))[0]!.learned).toBe(1);
    await upsertDraft(db, draft({ text: 'one two three four', now: 3000 }));
    expect((await listSamples(db))[0]!.learned).toBe(0);
  });

  it('replaces a malformed record stored under the same draft key, reporting it', async () => {
    const db = await freshDB();
    const id = await putRaw(db, 'samples', { draftKey: 'tab1#field1', text: 42 });
    const log = badRecordLog();
    expect(await upsertDraft(db, draft(), { onBadRecord: log.onBadRecord })).toBe(id);
    expect(log.reports).toEqual([['sample: field "text" is not string (replaced)', id]]);
    expect(await listSamples(db)).toHaveLength(1);
  });

  it('prunes and retries once when the quota is exceeded', async () => {
    const db = await freshDB();
    await upsertDraft(db, draft({ draftKey: 'old', now: 1 }));
    failNextPuts(quotaError());
    const prune = vi.fn(() => take(db, { retention: { maxTotalChars: 0, retentionDays: 365, now: 2 } }));
    const id = await upsertDraft(db, draft({ draftKey: 'new', now: 2 }), { prune });
    expect(prune).toHaveBeenCalledOnce();
    expect((await listSamples(db)).map((s) => [s.id, s.draftKey])).toEqual([[id, 'new']]);
  });

  it('throws StorageQuotaError when the retry also hits the quota, storing nothing', async () => {
    const db = await freshDB();
    failNextPuts(quotaError(), 2);
    await expect(upsertDraft(db, draft(), { prune: async () => {} })).rejects.toBeInstanceOf(StorageQuotaError);
    expect(await countSamples(db)).toBe(0);
  });
});

describe('unlearnedSamples / markLearned', () => {
  it('returns unlearned samples oldest first, up to the limit', async () => {
    const db = await freshDB();
    const a = await upsertDraft(db, draft({ draftKey: 'a', now: 1 }));
    const b = await upsertDraft(db, draft({ draftKey: 'b', now: 2 }));
    const c = await upsertDraft(db, draft({ draftKey: 'c', now: 3 }));
    expect((await unlearnedSamples(db, 2)).map((s) => s.id)).toEqual([a, b]);
    expect(await markLearned(db, [a, c, 999])).toBe(2);
    expect((await unlearnedSamples(db, 10)).map((s) => s.id)).toEqual([b]);
    // An id given twice is marked once, as one mark after the other would do.
    expect(await markLearned(db, [b, b])).toBe(1);
    expect(await unlearnedSamples(db, 10)).toEqual([]);
  });

  it('remembers how much of a draft was learned: one written on is learned from there, one edited from the start', async () => {
    const db = await freshDB();
    const id = await upsertDraft(db, draft({ text: 'one two three' }));
    await markLearned(db, [id]);
    await upsertDraft(db, draft({ text: 'one two three four five', now: 2000 }));
    const [more] = await unlearnedSamples(db, 1);
    expect(unlearnedFrom(more!)).toBe('one two three'.length);
    await upsertDraft(db, draft({ text: 'One two three four five', now: 3000 }));
    expect(unlearnedFrom((await unlearnedSamples(db, 1))[0]!)).toBe(0);
    await upsertDraft(db, draft({ text: 'one', now: 4000 }));
    expect(unlearnedFrom((await unlearnedSamples(db, 1))[0]!)).toBe(0);
  });

  it('does not mark a sample edited after it was read for learning', async () => {
    const db = await freshDB();
    await upsertDraft(db, draft({ now: 1 }));
    const [read] = await unlearnedSamples(db, 1);
    await upsertDraft(db, draft({ text: 'one two three and more', now: 2 }));
    expect(await markLearned(db, [{ id: read!.id, updatedAt: read!.updatedAt }])).toBe(0);
    expect((await unlearnedSamples(db, 1))[0]!.text).toBe('one two three and more');
  });

  it('knows what the model holds of a sample however it was edited: its learned start, or the version learned', async () => {
    const db = await freshDB();
    const id = await upsertDraft(db, draft({ text: 'one two three' }));
    const part = async () => learnedPart((await listSamples(db))[0]!);
    expect(await part()).toBe('');
    await markLearned(db, [id]);
    expect(await part()).toBe('one two three');
    await upsertDraft(db, draft({ text: 'one two three four', now: 2 }));
    expect(await part()).toBe('one two three');
    await upsertDraft(db, draft({ text: 'One two', now: 3 })); // edited: the learned version is kept aside
    expect(await part()).toBe('one two three');
    await upsertDraft(db, draft({ text: 'One two three', now: 4 }));
    expect(await part()).toBe('one two three');
    expect(unlearnedFrom((await listSamples(db))[0]!)).toBe(0);
    await markLearned(db, [id]);
    expect(await part()).toBe('One two three');
    expect((await listSamples(db))[0]!.learnedText).toBeUndefined();
  });

  it('records the version learned of a sample edited while it was learned', async () => {
    const db = await freshDB();
    await upsertDraft(db, draft({ text: 'one two', now: 1 }));
    const [read] = await unlearnedSamples(db, 1);
    await upsertDraft(db, draft({ text: 'one two three', now: 2 })); // written on
    expect(await markLearned(db, [{ id: read!.id, updatedAt: read!.updatedAt, text: read!.text }])).toBe(0);
    const [on] = await unlearnedSamples(db, 1);
    expect([learnedPart(on!), unlearnedFrom(on!)]).toEqual(['one two', 'one two'.length]);
    await upsertDraft(db, draft({ text: 'Two three', now: 3 })); // edited
    expect(await markLearned(db, [{ id: on!.id, updatedAt: on!.updatedAt, text: on!.text }])).toBe(0);
    expect(learnedPart((await unlearnedSamples(db, 1))[0]!)).toBe('one two three');
  });

  it('skips and reports a malformed unlearned record', async () => {
    const db = await freshDB();
    const bad = await putRaw(db, 'samples', { learned: 0, text: ['not', 'text'] });
    const good = await upsertDraft(db, draft());
    const log = badRecordLog();
    expect((await unlearnedSamples(db, 5, log.onBadRecord)).map((s) => s.id)).toEqual([good]);
    expect(log.reports).toEqual([['sample: field "draftKey" is not string', bad]]);
  });
});

describe('nextUnlearnedSample', () => {
  it('gives the oldest unlearned sample in the language past the ids to skip, reporting bad records, however many come first', async () => {
    const db = await freshDB();
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await upsertDraft(db, draft({ draftKey: `k${i}`, now: i })));
    const bad = await putRaw(db, 'samples', { learned: 0, text: ['not', 'text'] });
    const pt = await upsertDraft(db, draft({ draftKey: 'pt', lang: 'pt', now: 50 }));
    const last = await upsertDraft(db, draft({ draftKey: 'last', now: 60 }));
    await markLearned(db, [ids[0]]);
    const log = badRecordLog();
    expect((await nextUnlearnedSample(db, new Set(), log.onBadRecord, 'en'))?.id).toBe(ids[1]);
    expect((await nextUnlearnedSample(db, new Set(ids.slice(1, 5)), log.onBadRecord, 'en'))?.id).toBe(ids[5]);
    // More to skip than the first read holds: it reads on, past the bad record and the other language.
    expect((await nextUnlearnedSample(db, new Set(ids), log.onBadRecord, 'en'))?.id).toBe(last);
    expect((await nextUnlearnedSample(db, new Set(ids), log.onBadRecord, 'pt'))?.id).toBe(pt);
    expect((await nextUnlearnedSample(db, new Set(ids), log.onBadRecord))?.id).toBe(pt);
    expect(await nextUnlearnedSample(db, new Set([...ids, last]), log.onBadRecord, 'en')).toBeUndefined();
    expect(log.reports.length).toBeGreaterThan(0);
    expect(log.reports.every(([reason, key]) => reason === 'sample: field "draftKey" is not string' && key === bad)).toBe(true);
  });
});

describe('listSamples', () => {
  it('lists newest first, filtered by origin and search', async () => {
    const db = await freshDB();
    await upsertDraft(db, draft({ draftKey: 'a', text: 'Lunch with Priya tomorrow', origin: 'https://mail.example', now: 1 }));
    await upsertDraft(db, draft({ draftKey: 'b', text: 'The build is green again', origin: 'https://chat.example', now: 2 }));
    await upsertDraft(db, draft({ draftKey: 'c', text: 'Ask PRIYA about the build', origin: 'https://mail.example', now: 3 }));
    expect((await listSamples(db)).map((s) => s.draftKey)).toEqual(['c', 'b', 'a']);
    expect((await listSamples(db, { origin: 'https://mail.example' })).map((s) => s.draftKey)).toEqual(['c', 'a']);
    expect((await listSamples(db, { search: 'priya' })).map((s) => s.draftKey)).toEqual(['c', 'a']);
    expect((await listSamples(db, { search: 'build', limit: 1 })).map((s) => s.draftKey)).toEqual(['c']);
  });

  it.each([
    ['no sample fields at all', 'just a string'],
    ['a wrong learned flag', { draftKey: 'x', text: 't', lang: 'en', origin: 'o', createdAt: 1, updatedAt: 1, learned: true }],
    ['a missing timestamp', { draftKey: 'y', text: 't', lang: 'en', origin: 'o', createdAt: 1, learned: 0 }],
  ])('skips and reports a malformed record (%s) without throwing', async (_name, value) => {
    const db = await freshDB();
    const good = await upsertDraft(db, draft());
    const key = await putRaw(db, 'samples', typeof value === 'object' ? value : { id: 77, value });
    const log = badRecordLog();
    expect((await listSamples(db, { onBadRecord: log.onBadRecord })).map((s) => s.id)).toEqual([good]);
    expect(log.reports).toHaveLength(1);
    expect(log.reports[0]![1]).toBe(key);
  });
});

describe('takeSamples', () => {
  it('deletes and returns the samples asked for: by id, by site, or all', async () => {
    const db = await freshDB();
    const a = await upsertDraft(db, draft({ draftKey: 'a', origin: 'https://mail.example', now: 1 }));
    await upsertDraft(db, draft({ draftKey: 'b', origin: 'https://chat.example', now: 2 }));
    await upsertDraft(db, draft({ draftKey: 'c', origin: 'https://mail.example', now: 3 }));
    await upsertDraft(db, draft({ draftKey: 'd', origin: 'https://mail.example', now: 4 }));
    expect(await take(db, { ids: [a, 999] })).toEqual(['a']);
    expect(await countSamples(db)).toBe(3);
    expect(await take(db, { origin: 'https://mail.example' })).toEqual(['c', 'd']);
    expect((await listSamples(db)).map((s) => s.draftKey)).toEqual(['b']);
    expect(await take(db, { origin: 'https://nowhere.example' })).toEqual([]);
    expect(await take(db, { all: true })).toEqual(['b']);
    expect(await countSamples(db)).toBe(0);
  });

  it('deletes samples older than the retention period', async () => {
    const db = await freshDB();
    const now = 100 * DAY;
    await upsertDraft(db, draft({ draftKey: 'expired', now: now - 31 * DAY }));
    await upsertDraft(db, draft({ draftKey: 'kept', now: now - 29 * DAY }));
    expect(await take(db, { retention: { maxTotalChars: 1e6, retentionDays: 30, now } })).toEqual(['expired']);
    expect((await listSamples(db)).map((s) => s.draftKey)).toEqual(['kept']);
  });

  it('deletes the least recently updated samples until the text fits', async () => {
    const db = await freshDB();
    const text = 'x'.repeat(100);
    for (const [key, now] of [['b', 2], ['a', 1], ['d', 4], ['c', 3]] as const) await upsertDraft(db, draft({ draftKey: key, text, now }));
    await upsertDraft(db, draft({ draftKey: 'a', text, now: 5 })); // edited last: now the newest
    expect(await take(db, { retention: { maxTotalChars: 250, retentionDays: 30, now: 10 } })).toEqual(['b', 'c']);
    expect((await listSamples(db)).map((s) => s.draftKey)).toEqual(['a', 'd']);
  });

  it('does nothing when everything fits', async () => {
    const db = await freshDB();
    await upsertDraft(db, draft());
    expect(await take(db, { retention: { maxTotalChars: 13, retentionDays: 1, now: 1000 } })).toEqual([]);
  });
});
