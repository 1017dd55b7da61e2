import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { synthCorpus, tinyModelData, trainTiny } from '../model/fixtures';
import { failNextPuts, putRaw, quotaError } from '../storage/helpers';
import { createEngine, type Engine } from '../../src/engine/engine';
import { Learner } from '../../src/learn/learner';
import { FORMAT_VERSION } from '../../src/model/container';
import { ModelFormatError, writeModelFile } from '../../src/model/model-file';
import { openInklingDB } from '../../src/storage/db';
import { listSamples, unlearnedSamples } from '../../src/storage/samples';

/**
 * The learner under storage faults: a full disk while storing a draft or writing a checkpoint,
 * a checkpoint write that fails half-way, a malformed record. Each time it keeps (or returns
 * to) a consistent state: no sample lost or learned twice, the previous checkpoint still valid.
 */

afterEach(() => vi.restoreAllMocks());

const corpus = synthCorpus(11, 300);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 100), corpus));
const typed = { pastedRanges: [] as [number, number][], field: { sensitive: false }, site: { blocked: false, incognito: false }, settings: { learning: true } };
const FIRST = ['I asked Zorbulon to send the letter to our teacher today.', 'Zorbulon likes the red book and the big house.'];
const SECOND = ['Please tell Quendolyn that the children want the ball.', 'Quendolyn reads the letter in the garden every morning.'];

async function setup(factory = new IDBFactory(), engine: Engine = createEngine(modelBytes)) {
  const db = await openInklingDB(factory);
  const reports: string[] = [];
  return { db, factory, engine, reports, learner: new Learner(db, engine, 'en', (p) => reports.push(p)) };
}

/** Drafts are stored now: learning checks their age against the clock (an expired one is forgotten). */
const NOW = Date.now();

async function capture(learner: Learner, texts: string[], from = 0, limits?: Parameters<Learner['capture']>[2]) {
  for (const [i, text] of texts.entries()) {
    await learner.capture({ ...typed, text }, { draftKey: `d${from + i}`, origin: 'https://example.test', now: NOW + from + i }, limits);
  }
}

/** What learning `texts` once, from scratch, gives: the reference for "nothing lost or doubled". */
async function learnedOnce(texts: string[]): Promise<number> {
  const { learner, engine } = await setup();
  await capture(learner, texts);
  await learner.drain();
  return engine.personal.counts.total;
}

describe('storage full (quota exceeded)', () => {
  it('prunes the oldest samples to store a new draft, and keeps learning', async () => {
    const { db, learner, engine } = await setup();
    const limits = { maxTotalChars: 200, retentionDays: 365 };
    await capture(learner, FIRST, 0, limits);
    failNextPuts(quotaError());
    await capture(learner, SECOND.slice(0, 1), 10, limits);
    const kept = (await listSamples(db)).map((s) => s.text);
    expect(kept).toContain(SECOND[0]);
    expect(kept).not.toContain(FIRST[0]); // the oldest went to make room
    await learner.drain();
    expect(engine.predict({ field: 'f', context: 'Please tell ', prefix: 'Que', k: 3 })).toContain('Quendolyn');
  });

  it('prunes and retries when the disk is full while writing a checkpoint, losing nothing learned', async () => {
    const { db, learner, engine } = await setup();
    await capture(learner, FIRST);
    failNextPuts(quotaError());
    await learner.drain();
    expect(await unlearnedSamples(db, 10)).toEqual([]);
    expect(engine.personal.counts.total).toBe(await learnedOnce(FIRST));
  });
});

describe('a checkpoint write that fails half-way', () => {
  it('leaves the previous checkpoint valid; after a restart every sample is learned exactly once', async () => {
    const first = await setup();
    await capture(first.learner, FIRST);
    await first.learner.drain();
    const afterFirst = first.engine.personal.counts.total;

    await capture(first.learner, SECOND, 10);
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(function (this: IDBObjectStore, ...args) {
      realPut.apply(this, args); // the new checkpoint is queued in the transaction…
      throw new Error('worker killed mid-write'); // …and the write never completes
    });
    await expect(first.learner.drain()).rejects.toThrow('worker killed mid-write');
    vi.restoreAllMocks();

    // A new worker: it loads the previous checkpoint, so the second batch is still waiting…
    const restarted = await setup(first.factory);
    await restarted.learner.restore();
    expect(restarted.engine.personal.counts.total).toBe(afterFirst);
    expect((await unlearnedSamples(restarted.db, 10)).map((s) => s.text)).toEqual(SECOND);
    // …and is learned once: the memory is what learning everything once gives.
    await restarted.learner.drain();
    expect(restarted.engine.personal.counts.total).toBe(await learnedOnce([...FIRST, ...SECOND]));
    expect(restarted.reports).toEqual([]);
  });
});

describe('a malformed sample record', () => {
  it('is skipped and reported; the valid samples are learned and learning finishes', async () => {
    const { db, learner, engine, reports } = await setup();
    await putRaw(db, 'samples', { draftKey: 'broken', text: 42, lang: 'en', origin: 'x', createdAt: 1, updatedAt: 1, learned: 0 });
    await capture(learner, FIRST);
    await learner.drain();
    expect(engine.personal.counts.total).toBe(await learnedOnce(FIRST));
    expect(reports.join('\n')).toMatch(/sample .* skipped/);
  });
});

describe('a model file of another format version', () => {
  it('is refused with a ModelFormatError that says which versions are readable', () => {
    const future = modelBytes.slice();
    new DataView(future.buffer).setUint32(8, FORMAT_VERSION + 1, true);
    expect(() => createEngine(future)).toThrow(ModelFormatError);
    expect(() => createEngine(future)).toThrow(new RegExp(`version ${FORMAT_VERSION + 1} is not supported .*reads version ${FORMAT_VERSION}`));
  });

  it('a personal checkpoint of an unknown version is reported and the base model is used', async () => {
    const first = await setup();
    await capture(first.learner, FIRST);
    await first.learner.drain();
    const record = (await first.db.getAll('checkpoints'))[0]!;
    const snapshot = JSON.parse(new TextDecoder().decode(record.bytes)) as { v: number };
    expect(snapshot.v).toBe(3);
    snapshot.v = 99;
    const { crc32 } = await import('../../src/util/crc32');
    const bytes = new TextEncoder().encode(JSON.stringify(snapshot));
    await putRaw(first.db, 'checkpoints', { ...record, bytes, checksum: crc32(bytes) });

    const restarted = await setup(first.factory);
    await restarted.learner.restore();
    expect(restarted.engine.personal.empty).toBe(true);
    expect(restarted.reports.join('\n')).toMatch(/checkpoint unreadable, starting from the base model/);
    expect(restarted.engine.predict({ field: 'f', context: 'I asked ', prefix: '', k: 3 })).toHaveLength(3);
  });
});
