import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { synthCorpus, tinyModelData, trainTiny } from '../model/fixtures';
import { createEngine, type Engine } from '../../src/engine/engine';
import { Learner } from '../../src/learn/learner';
import { LOG_LIMITS } from '../../src/learn/memory-checkpoint';
import { MEMORY_BUDGET, PersonalMemory } from '../../src/learn/personal-memory';
import { addText, emptyCounts, type PersonalCounts } from '../../src/learn/personal-ngram';
import { writeModelFile } from '../../src/model/model-file';
import { deleteCheckpointParts, readCheckpoint, readCheckpointParts, writeCheckpoint } from '../../src/storage/checkpoints';
import { openInklingDB, type InklingDatabase } from '../../src/storage/db';
import { listSamples, markLearned, unlearnedSamples, upsertDraft } from '../../src/storage/samples';

/**
 * Checkpoints in parts (issue 12, point 2): a checkpoint writes the texts counted since the last
 * one, not the whole table; the table is written again only past the log limit; a restart
 * replays the logs on it; a checkpoint of the one-record format is read and rewritten in parts.
 */

const corpus = synthCorpus(7, 300);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 100), corpus));
const typed = { pastedRanges: [] as [number, number][], field: { sensitive: false }, site: { blocked: false, incognito: false }, settings: { learning: true } };
const TEXTS = Array.from({ length: 24 }, (_, i) => `${corpus[i % corpus.length]} Message ${i} for Quendolyn${i % 5} about the garden.`);
const NOW = Date.now();
const defaults = { ...LOG_LIMITS }, budget = { ...MEMORY_BUDGET };
afterEach(() => { Object.assign(LOG_LIMITS, defaults); Object.assign(MEMORY_BUDGET, budget); });

async function setup(factory = new IDBFactory(), engine: Engine = createEngine(modelBytes)) {
  const db = await openInklingDB(factory);
  const reports: string[] = [];
  return { db, factory, engine, reports, learner: new Learner(db, engine, 'en', (p) => reports.push(p)) };
}

async function capture(learner: Learner, texts: string[], from = 0) {
  for (const [i, text] of texts.entries()) await learner.capture({ ...typed, text }, { draftKey: `d${from + i}`, origin: 'https://example.test', now: NOW + from + i });
}

/** Counts as plain sorted data, to compare exactly. */
function plain(c: PersonalCounts) {
  const rows = (m: Iterable<[string, Map<string, number>]>) => [...m].map(([k, r]) => [k, [...r].sort()] as const).sort();
  return { total: c.total, uni: [...c.uni].sort(), bi: rows(c.bi), tri: rows(c.tri), forms: rows(c.forms), lower: [...c.lower].sort(), display: [...c.display].sort() };
}
function countsOf(texts: string[]) {
  const c = emptyCounts();
  for (const t of texts) addText(c, t);
  return plain(c);
}

async function partNames(db: InklingDatabase) { return [...(await readCheckpointParts(db, 'personal-en')).keys()]; }
async function head(db: InklingDatabase) { return JSON.parse(new TextDecoder().decode(await readCheckpoint(db, 'personal-en'))) as { v: number; logs: number[] }; }

describe('checkpoints in parts', () => {
  it('writes a log of what changed after the base, and a restart replays it exactly', async () => {
    const first = await setup();
    await capture(first.learner, TEXTS.slice(0, 20));
    await first.learner.drain();
    const before = await readCheckpointParts(first.db, 'personal-en'), base = before.get('base')!;
    expect(base.byteLength).toBeGreaterThan(1000);

    await capture(first.learner, TEXTS.slice(20, 21), 20);
    await first.learner.drain();
    const parts = await readCheckpointParts(first.db, 'personal-en');
    expect(parts.get('base')).toEqual(base); // the table was not written again
    const added = [...parts.keys()].filter((k) => !before.has(k));
    expect(added).toEqual([expect.stringMatching(/^log:\d{10}$/)]);
    expect(parts.get(added[0])!.byteLength).toBeLessThan(base.byteLength / 4);
    await capture(first.learner, TEXTS.slice(21), 21);
    await first.learner.drain();

    const restarted = await setup(first.factory);
    await restarted.learner.restore();
    expect(plain(restarted.engine.personal.counts)).toEqual(plain(first.engine.personal.counts));
    expect(plain(restarted.engine.personal.counts)).toEqual(countsOf(TEXTS));
    expect(restarted.engine.personal.gate.toJSON()).toEqual(first.engine.personal.gate.toJSON());
    expect(await unlearnedSamples(restarted.db, 50)).toEqual([]);
  });

  it('past the log limit writes the base again and drops the logs', async () => {
    LOG_LIMITS.bytes = 400;
    const { db, learner, engine, factory } = await setup();
    for (const [i, t] of TEXTS.entries()) {
      await capture(learner, [t], i);
      await learner.drain();
      expect((await head(db)).logs.length).toBeLessThanOrEqual(4);
    }
    const restarted = await setup(factory);
    await restarted.learner.restore();
    expect(plain(restarted.engine.personal.counts)).toEqual(plain(engine.personal.counts));
  });

  it('writes the base again in pieces, a slice each, while learning waits; a worker stopped half-way restores the checkpoint before', async () => {
    const first = await setup();
    await capture(first.learner, TEXTS.slice(0, 10));
    await first.learner.drain();
    const before = plain(first.engine.personal.counts);
    LOG_LIMITS.bytes = 1; // the next checkpoint's log passes the limit: a build starts after it
    await capture(first.learner, TEXTS.slice(10, 11), 10);
    let slices = 0;
    while ((await head(first.db)).logs.length === 0 || !(await partNames(first.db)).some((p) => p.startsWith('base:'))) {
      await first.learner.runSlice(50);
      if (++slices > 20) throw new Error('no piece written');
    }
    const learnedNow = plain(first.engine.personal.counts);
    expect(learnedNow).not.toEqual(before);
    const mid = await partNames(first.db);
    expect(mid).toContain('base'); // the stored checkpoint is still the one before, with its log
    // Stopped here: a restart gives everything learned, from the old base and its logs.
    const restarted = await setup(first.factory);
    await restarted.learner.restore();
    expect(plain(restarted.engine.personal.counts)).toEqual(learnedNow);
    // The first learner finishes the build: only the new pieces remain, and a restart reads them.
    while ((await head(first.db)).logs.length) expect((await first.learner.runSlice(50)).learned).toBe(0);
    const names = await partNames(first.db), pieces = names.filter((p) => p !== 'tune' && p !== 'recent');
    expect(names).toContain('tune'); // the adapter's part, written again with the head that switches
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => /^base:\d{10}:\d{4}$/.test(p))).toBe(true);
    expect((await head(first.db)) as unknown).toMatchObject({ base: { pieces: pieces.length } });
    const again = await setup(first.factory);
    await again.learner.restore();
    expect(plain(again.engine.personal.counts)).toEqual(learnedNow);
    expect(plain(again.engine.personal.counts)).toEqual(countsOf(TEXTS.slice(0, 11)));
  });

  it('keeps the adapter in a binary part, not in the head, and a restart gives it back exactly', async () => {
    const first = await setup();
    await capture(first.learner, TEXTS.slice(0, 12));
    await first.learner.drain();
    const tuner = first.engine.personal.tuner!;
    const params = tuner.adapterParams();
    expect(params.some((x) => x !== 0)).toBe(true);
    const part = (await readCheckpointParts(first.db, 'personal-en')).get('tune')!;
    expect(part.byteLength).toBe(params.byteLength);
    const h = (await head(first.db)) as unknown as { tune: { adapter: object }; tuneBytes: number };
    expect(h.tune.adapter).toEqual({ V: tuner.adapter.V, E: tuner.adapter.E, R: tuner.adapter.R }); // no parameters in the JSON
    expect(h.tuneBytes).toBe(params.byteLength);
    const again = await setup(first.factory);
    await again.learner.restore();
    expect(again.engine.personal.tuner!.adapterParams()).toEqual(params);
    expect(again.engine.personal.tuner!.meta()).toEqual(tuner.meta());
  });

  it.each([
    ['tune', 12, /adapter part/],
    ['recent', 40, /recent-words part/],
  ])('a %s part of the wrong size is reported and not loaded; the base model is used and every sample learned again', async (part, bytes, report) => {
    const first = await setup();
    await capture(first.learner, TEXTS.slice(0, 6));
    await first.learner.drain();
    const tx = first.db.transaction('checkpointParts', 'readwrite');
    await tx.store.put({ name: 'personal-en', part, bytes: new Uint8Array(bytes) });
    await tx.done;
    const again = await setup(first.factory);
    await again.learner.restore();
    expect(again.reports.join(' ')).toMatch(report);
    expect(again.engine.personal.tuner).toBeUndefined();
    expect(again.engine.personal.counts.total).toBe(0);
    expect(await unlearnedSamples(again.db, 50)).toHaveLength(6);
  });

  it('keeps the recency list in a binary part, not in the head, and a restart gives it back exactly', async () => {
    const first = await setup();
    await capture(first.learner, TEXTS.slice(0, 12));
    await first.learner.drain();
    const recent = first.engine.personal.recent;
    expect(recent.top().length).toBeGreaterThan(5);
    const part = (await readCheckpointParts(first.db, 'personal-en')).get('recent')!;
    const h = (await head(first.db)) as unknown as { recent: object; recentBytes: number };
    expect(h.recent).toEqual(recent.meta()); // no words in the JSON
    expect(h.recentBytes).toBe(part.byteLength);
    const again = await setup(first.factory);
    await again.learner.restore();
    expect(again.engine.personal.recent.toJSON()).toEqual(recent.toJSON());
    expect(again.engine.personal.recent.top()).toEqual(recent.top());
  });

  it('reads a head that holds the recency list as JSON (before its part), and writes the part at the next checkpoint', async () => {
    const first = await setup();
    await capture(first.learner, TEXTS.slice(0, 8));
    await first.learner.drain();
    const recent = first.engine.personal.recent.toJSON();
    const old = { ...(await head(first.db)), recent } as Record<string, unknown>;
    delete old.recentBytes;
    await writeCheckpoint(first.db, 'personal-en', new TextEncoder().encode(JSON.stringify(old)), NOW);
    const tx = first.db.transaction('checkpointParts', 'readwrite');
    await deleteCheckpointParts(tx.store, 'personal-en', 'recent', 'recent');
    await tx.done;
    const again = await setup(first.factory);
    await again.learner.restore();
    expect(again.reports).toEqual([]);
    expect(again.engine.personal.recent.toJSON()).toEqual(recent);
    await capture(again.learner, TEXTS.slice(8, 9), 8);
    await again.learner.drain();
    expect(await partNames(again.db)).toContain('recent');
  });

  it('a deletion writes the base again, so the deleted text stays in no log; it is gone after a restart', async () => {
    const first = await setup();
    const secret = 'Zyrtelle keeps the harbour keys under the blue stone.';
    await capture(first.learner, [...TEXTS.slice(0, 3), secret, ...TEXTS.slice(3, 6)]);
    await first.learner.drain();
    await capture(first.learner, TEXTS.slice(6, 7), 10);
    await first.learner.drain();
    expect((await head(first.db)).logs.length).toBeGreaterThan(0);
    const stored = async () => [...(await readCheckpointParts(first.db, 'personal-en')).values()].map((b) => new TextDecoder().decode(b)).join('');
    expect(await stored()).toMatch(/zyrtelle/i);
    const victim = (await listSamples(first.db)).find((s) => s.text === secret)!;
    expect(await first.learner.forget({ ids: [victim.id] }, NOW)).toBe(1);
    expect((await head(first.db)).logs).toEqual([]);
    expect(await stored()).not.toMatch(/zyrtelle/i);
    expect(new TextDecoder().decode(await readCheckpoint(first.db, 'personal-en'))).not.toMatch(/zyrtelle/i);
    const restarted = await setup(first.factory);
    await restarted.learner.restore();
    expect(plain(restarted.engine.personal.counts)).toEqual(countsOf(TEXTS.slice(0, 7)));
  });

  it('a missing part is reported; the base model is used and every sample learned again', async () => {
    const first = await setup();
    await capture(first.learner, TEXTS.slice(0, 4));
    await first.learner.drain();
    const tx = first.db.transaction('checkpointParts', 'readwrite');
    await deleteCheckpointParts(tx.store, 'personal-en');
    await tx.done;
    const restarted = await setup(first.factory);
    await restarted.learner.restore();
    expect(restarted.reports.join('\n')).toMatch(/unreadable.*base part is missing/);
    expect(restarted.engine.personal.empty).toBe(true);
    await restarted.learner.drain();
    expect(plain(restarted.engine.personal.counts)).toEqual(countsOf(TEXTS.slice(0, 4)));
  });
});

describe('the byte budget of the n-gram rows', () => {
  it('prunes trigrams written once first, keeps every word, and a restart gives the pruned rows', async () => {
    const full = emptyCounts();
    for (const t of TEXTS) addText(full, t);
    MEMORY_BUDGET.bytes = Math.floor(0.7 * (full.bi.liveBytes + full.tri.liveBytes));
    const { learner, engine, factory } = await setup();
    await capture(learner, TEXTS);
    await learner.drain();
    const c = engine.personal.counts;
    expect(engine.personal.pruned).toBeGreaterThan(0);
    expect(c.bi.liveBytes + c.tri.liveBytes).toBeLessThanOrEqual(MEMORY_BUDGET.bytes);
    expect([...c.uni].sort()).toEqual([...full.uni].sort()); // the user's words all kept
    const bigramsKept = [...c.bi].reduce((n, [, r]) => n + r.size, 0), bigramsAll = [...full.bi].reduce((n, [, r]) => n + r.size, 0);
    const trigramsKept = [...c.tri].reduce((n, [, r]) => n + r.size, 0), trigramsAll = [...full.tri].reduce((n, [, r]) => n + r.size, 0);
    expect(trigramsKept).toBeLessThan(trigramsAll);
    expect(bigramsAll - bigramsKept).toBeLessThan(trigramsAll - trigramsKept); // trigrams went first
    const restarted = await setup(factory);
    await restarted.learner.restore();
    expect(plain(restarted.engine.personal.counts)).toEqual(plain(c));
  });
});

describe('a checkpoint of the one-record format (database version 2)', () => {
  it('is read after the schema upgrade and rewritten in parts, with nothing lost or doubled', async () => {
    const factory = new IDBFactory();
    const v2 = await openInklingDB(factory, 'inkling', 2);
    const learned = TEXTS.slice(0, 5), memory = new PersonalMemory();
    for (const t of learned) memory.learn(t, () => 1e-3);
    const ids: number[] = [];
    for (const [i, text] of learned.entries()) ids.push(await upsertDraft(v2, { draftKey: `d${i}`, text, lang: 'en', origin: 'https://example.test', now: NOW + i }));
    await markLearned(v2, ids);
    await writeCheckpoint(v2, 'personal-en', new TextEncoder().encode(JSON.stringify({ memory: memory.toJSON() })), NOW);
    v2.close();

    const upgraded = await setup(factory);
    await upgraded.learner.restore();
    expect(plain(upgraded.engine.personal.counts)).toEqual(plain(memory.counts));
    expect(upgraded.engine.personal.gate.toJSON()).toEqual(memory.gate.toJSON());
    expect((await head(upgraded.db)).v).toBe(3);
    expect(await partNames(upgraded.db)).toEqual(['base', 'recent']);

    await capture(upgraded.learner, TEXTS.slice(5, 8), 5);
    await upgraded.learner.drain();
    const again = await setup(factory);
    await again.learner.restore();
    expect(plain(again.engine.personal.counts)).toEqual(countsOf(TEXTS.slice(0, 8)));
  });
});
