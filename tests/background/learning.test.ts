import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { synthCorpus, trainTiny, tinyModelData } from '../model/fixtures';
import { writeModelFile } from '../../src/model/model-file';
import { createEngine, type Engine } from '../../src/engine/engine';
import { PARTS } from '../../src/learn/personal-memory';
import { openInklingDB } from '../../src/storage/db';
import { listSamples, upsertDraft } from '../../src/storage/samples';
import { listCheckpoints, writeCheckpoint } from '../../src/storage/checkpoints';
import { addWord, listVocabulary } from '../../src/storage/vocabulary';
import { deleteAllRecords } from '../../src/storage/backup';
import { LearningService, TYPING_HOLD_MS } from '../../src/background/learning';

const corpus = synthCorpus(21, 300);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 100), corpus));
const site = { origin: 'https://mail.example', incognito: false };

function service(policy = { learning: true, blocked: false }) {
  const engine = createEngine(modelBytes);
  const db = openInklingDB(new IDBFactory());
  const s = new LearningService({ getEngine: async () => engine, openDb: () => db, allowed: async () => policy });
  return { s, engine, db };
}

/** The personal n-gram counts as plain sorted data, to compare two engines exactly. */
function countsOf(engine: Engine) {
  const c = engine.personal.counts;
  const rows = (m: Iterable<[string, Map<string, number>]>) => [...m].map(([k, r]) => [k, [...r].sort()] as const).sort();
  return { total: c.total, uni: [...c.uni].sort(), bi: rows(c.bi), tri: rows(c.tri), forms: rows(c.forms), lower: [...c.lower].sort(), display: [...c.display].sort() };
}

/** The largest difference between two engines' mixture weights, over every cell of the gate. */
function maxWeightDifference(a: Engine, b: Engine): number {
  const all = PARTS.map(() => true);
  let max = 0;
  for (let cell = 0; cell < a.personal.gate.cells; cell++) {
    const wa = a.personal.gate.weights(cell, all), wb = b.personal.gate.weights(cell, all);
    for (let k = 0; k < wa.length; k++) max = Math.max(max, Math.abs(wa[k] - wb[k]));
  }
  return max;
}

describe('learning service', () => {
  it('keeps personalization per language: a Portuguese draft teaches the Portuguese model only', async () => {
    const en = createEngine(modelBytes), pt = createEngine(modelBytes);
    const db = openInklingDB(new IDBFactory());
    const s = new LearningService({ getEngine: async (lang) => (lang === 'pt' ? pt : en), openDb: () => db, allowed: async () => ({ learning: true, blocked: false }) });
    await s.draft({ draftKey: 'p', text: 'Pergunte ao Quendolyn sobre o livro vermelho que ele comprou ontem.', pasted: [] }, site);
    await s.draft({ draftKey: 'e', text: 'Tell Varnimot that the ball is in the garden.', pasted: [], lang: 'pt-BR' }, site);
    await s.idle();
    expect((await listSamples(await db)).map((x) => x.lang).sort()).toEqual(['en', 'pt']);
    expect(pt.predict({ field: 'f', context: 'Pergunte ao ', prefix: 'Que', k: 3 })).toContain('Quendolyn');
    expect(en.predict({ field: 'f', context: 'Pergunte ao ', prefix: 'Que', k: 3 })).not.toContain('Quendolyn');
    expect(en.predict({ field: 'f', context: 'Tell ', prefix: 'Var', k: 3 })).toContain('Varnimot');
  });

  it('stores a draft and learns it in the background', async () => {
    const { s, engine } = await service();
    const r = await s.draft({ draftKey: 'k1', text: 'Ask Quendolyn about the red book today.', pasted: [] }, site);
    expect(r).toEqual({ stored: true });
    await s.idle();
    expect(engine.predict({ field: 'f', context: 'Ask ', prefix: 'Que', k: 3 })).toContain('Quendolyn');
  });

  it('learns a draft stored while an earlier one is being learned', async () => {
    const { s, engine } = await service();
    await s.draft({ draftKey: 'a', text: 'Ask Quendolyn about the red book today.', pasted: [] }, site);
    await s.draft({ draftKey: 'b', text: 'Tell Varnimot that the ball is in the garden.', pasted: [] }, site);
    await s.idle();
    expect(engine.predict({ field: 'f', context: 'Tell ', prefix: 'Var', k: 3 })).toContain('Varnimot');
  });

  it('holds learning off while the user types, and keeps an alarm only while work is left', async () => {
    const engine = createEngine(modelBytes);
    const db = openInklingDB(new IDBFactory());
    let typing = true;
    const awake: boolean[] = [];
    const held: { ms: number; waiting: number; state: string }[] = [];
    const s: LearningService = new LearningService({
      getEngine: async () => engine, openDb: () => db, allowed: async () => ({ learning: true, blocked: false }),
      lastKeystroke: () => (typing ? Date.now() : -Infinity), keepAwake: (on) => awake.push(on),
      // Each hold is one more keystroke's pause; the user stops typing after the third.
      wait: async (ms) => {
        held.push({ ms, waiting: (await s.status()).waiting, state: s.state });
        if (held.length === 3) typing = false;
      },
    });
    await s.draft({ draftKey: 'k', text: 'Ask Quendolyn about the red book today.', pasted: [] }, site);
    await s.idle();
    // Nothing was learned while the user typed, and each hold waited out the typing pause.
    expect(held.map((h) => [h.waiting, h.state])).toEqual([[1, 'running'], [1, 'running'], [1, 'running']]);
    for (const { ms } of held) expect(ms).toBeGreaterThan(TYPING_HOLD_MS - 50);
    expect((await s.status()).waiting).toBe(0);
    expect(s.state).toBe('idle');
    expect(awake).toEqual([true, false]);
  });

  it('pauses and resumes: nothing is learned while paused, and idle() resolves at once', async () => {
    const { s, engine } = service();
    await s.setPaused(true);
    expect(s.state).toBe('paused');
    await s.draft({ draftKey: 'k', text: 'Ask Quendolyn about the red book today.', pasted: [] }, site);
    await s.idle();
    expect(s.state).toBe('paused');
    expect(await s.status()).toMatchObject({ waiting: 1, samples: 1, paused: true, learning: false });
    await s.setPaused(false);
    expect(s.state).toBe('running');
    await s.idle();
    expect(await s.status()).toMatchObject({ waiting: 0, samples: 1, paused: false, learning: false });
    expect(engine.predict({ field: 'f', context: 'Ask ', prefix: 'Que', k: 3 })).toContain('Quendolyn');
  });

  it('reports a failed learning run in its status instead of dropping it, and runs again when woken', async () => {
    const db = openInklingDB(new IDBFactory());
    await upsertDraft(await db, { draftKey: 'k', text: 'Ask Quendolyn about the red book today.', lang: 'en', origin: site.origin, now: 1 });
    let loads = false;
    const reported: string[] = [];
    const s = new LearningService({
      getEngine: async () => { if (!loads) throw new Error('model file unreadable'); return createEngine(modelBytes); },
      openDb: () => db, allowed: async () => ({ learning: true, blocked: false }), report: (p) => reported.push(p),
    });
    await s.wake();
    await s.idle();
    expect(reported).toEqual(['learning stopped: Error: model file unreadable']);
    expect(await s.status()).toMatchObject({ waiting: 1, learning: false, problem: { message: 'learning stopped' } });
    expect(s.state).toBe('idle');
    loads = true;
    await s.wake();
    await s.idle();
    expect((await s.status()).waiting).toBe(0);
  });

  it('says in its status that a damaged checkpoint was skipped (the popup shows it)', async () => {
    const { s, db } = await service();
    expect((await s.status()).problem).toBeNull();
    await writeCheckpoint(await db, 'personal-en', new TextEncoder().encode('{"memory": 7'), 1);
    await s.ready('en');
    await s.idle(); // the problem is stored by then
    expect((await s.status()).problem?.message).toMatch(/checkpoint unreadable/);
  });

  it('deleting one sample keeps exactly what the others taught: learn A, B, C, delete B equals learning A and C', async () => {
    const A = 'Ask Quendolyn about the red book. Quendolyn knows the garden.';
    const B = 'Tell Zorbulon that Zorbulon is late for the garden party again.';
    const C = 'The cat sees Varnimot and the ball in the garden today.';
    const kept = service(), fresh = service();
    for (const [key, text] of [['a', A], ['b', B], ['c', C]]) await kept.s.draft({ draftKey: key, text, pasted: [] }, site);
    await kept.s.idle();
    const idB = (await listSamples(await kept.db)).find((x) => x.draftKey === 'b')!.id;
    await kept.s.forget({ ids: [idB] });
    await kept.s.idle();
    for (const [key, text] of [['a', A], ['c', C]]) await fresh.s.draft({ draftKey: key, text, pasted: [] }, site);
    await fresh.s.idle();

    // Counts exactly, in memory and after a restart from the checkpoint.
    const restarted = createEngine(modelBytes);
    await new LearningService({ getEngine: async () => restarted, openDb: () => kept.db, allowed: async () => ({ learning: true, blocked: false }) }).ready('en');
    for (const engine of [kept.engine, restarted]) expect(countsOf(engine)).toEqual(countsOf(fresh.engine));
    expect(countsOf(kept.engine).total).toBeGreaterThan(0);
    // The gate cannot be subtracted; it is kept (it learned from B's words too): within 0.15 of A and C's.
    expect(maxWeightDifference(kept.engine, fresh.engine)).toBeLessThan(0.15);
    // B's made-up word is gone everywhere; A's and C's stay.
    expect(kept.engine.personal.counts.uni.has('zorbulon')).toBe(false);
    expect(kept.engine.personal.recent.has('zorbulon')).toBe(false);
    expect((await listVocabulary(await kept.db)).map((e) => e.word).sort()).toEqual((await listVocabulary(await fresh.db)).map((e) => e.word).sort());
    expect((await listVocabulary(await kept.db)).map((e) => e.word)).not.toContain('zorbulon');
    expect(kept.engine.predict({ field: 'f', context: 'Tell ', prefix: 'Zor', k: 3 })).not.toContain('Zorbulon');
    expect(kept.engine.predict({ field: 'f', context: 'Ask ', prefix: 'Que', k: 3 })).toContain('Quendolyn');
    expect(kept.engine.predict({ field: 'f', context: 'The cat sees ', prefix: 'Var', k: 3 })).toContain('Varnimot');
  });

  it('deleting a site’s samples, or those past the retention limits, subtracts them and keeps the rest', async () => {
    const { s, engine, db } = service();
    await s.draft({ draftKey: 'a', text: 'Ask Quendolyn about the red book today.', pasted: [] }, site);
    await s.draft({ draftKey: 'b', text: 'Tell Zorbulon that the ball is in the garden.', pasted: [] }, { ...site, origin: 'https://chat.example' });
    await s.idle();
    expect(await s.forget({ origin: 'https://chat.example' })).toBe(1);
    expect(engine.personal.counts.uni.has('zorbulon')).toBe(false);
    expect(engine.personal.counts.uni.get('quendolyn')).toBe(1);
    expect(await s.forget({ retention: { maxTotalChars: 1e6, retentionDays: 1, now: Date.now() + 2 * 86_400_000 } })).toBe(1);
    expect(engine.personal.empty).toBe(true);
    expect(await listVocabulary(await db)).toEqual([]);
  });

  it('a deletion while a language’s model cannot load drops that language’s checkpoint, to learn its samples again', async () => {
    const engine = createEngine(modelBytes);
    const db = openInklingDB(new IDBFactory());
    let loads = true;
    const deps = { getEngine: async () => { if (!loads) throw new Error('model file unreadable'); return engine; }, openDb: () => db, allowed: async () => ({ learning: true, blocked: false }) };
    const first = new LearningService(deps);
    await first.draft({ draftKey: 'a', text: 'Ask Quendolyn about the red book today.', pasted: [] }, site);
    await first.draft({ draftKey: 'b', text: 'Tell Zorbulon that the ball is in the garden.', pasted: [] }, site);
    await first.idle();
    loads = false;
    const restarted = new LearningService(deps); // a new worker, whose model fails to load
    const idB = (await listSamples(await db)).find((x) => x.draftKey === 'b')!.id;
    expect(await restarted.forget({ ids: [idB] })).toBe(1);
    expect(await listCheckpoints(await db)).toEqual([]);
    expect((await listSamples(await db)).map((x) => [x.draftKey, x.learned])).toEqual([['a', 0]]);
  });

  it('loads for a deletion only the models of the languages the deleted samples were written in', async () => {
    const db = openInklingDB(new IDBFactory());
    const allowed = async () => ({ learning: true, blocked: false });
    const first = new LearningService({ getEngine: async () => createEngine(modelBytes), openDb: () => db, allowed });
    await first.draft({ draftKey: 'e', text: 'Tell Varnimot that the ball is in the garden.', pasted: [] }, site);
    await first.draft({ draftKey: 'p', text: 'Pergunte ao Quendolyn sobre o livro vermelho que ele comprou ontem.', pasted: [] }, site);
    await first.idle();
    const loaded: string[] = [];
    const restarted = new LearningService({ getEngine: async (lang) => { loaded.push(lang); return createEngine(modelBytes); }, openDb: () => db, allowed });
    expect(await restarted.forget({ retention: { maxTotalChars: 1e6, retentionDays: 365, now: Date.now() } })).toBe(0);
    expect(loaded).toEqual([]);
    const idE = (await listSamples(await db)).find((x) => x.draftKey === 'e')!.id;
    expect(await restarted.forget({ ids: [idE] })).toBe(1);
    expect(loaded).toEqual(['en']);
  });

  it('learns a draft written on without counting its start twice, and forgets everything even while learning runs', async () => {
    const { s, engine, db } = service();
    const countOf = async (word: string) => (await listVocabulary(await db)).find((e) => e.word === word)?.count;
    await s.draft({ draftKey: 'a', text: 'Ask Quendolyn about the red book.', pasted: [] }, site);
    await s.idle();
    await s.draft({ draftKey: 'a', text: 'Ask Quendolyn about the red book. Quendolyn knows.', pasted: [] }, site);
    await s.idle();
    await addWord(await db, { word: 'varnimot', display: 'Varnimot' }, 'en', 1);
    expect(await countOf('quendolyn')).toBe(2);
    expect(engine.personal.counts.uni.get('quendolyn')).toBe(2);
    // A new draft is being learned when everything is deleted: nothing of it may come back.
    await s.draft({ draftKey: 'b', text: 'Tell Zorbulon that Zorbulon is late for the garden party.', pasted: [] }, site);
    const d = await db;
    await s.eraseAll(() => deleteAllRecords(d));
    await s.idle();
    expect(await listVocabulary(await db)).toEqual([]);
    expect(await listCheckpoints(await db)).toEqual([]);
    expect(engine.predict({ field: 'f', context: 'Tell ', prefix: 'Zor', k: 3 })).not.toContain('Zorbulon');
    expect(engine.predict({ field: 'f', context: 'Ask ', prefix: 'Que', k: 3 })).not.toContain('Quendolyn');
  });

  it('keeps one sample per draft, updated in place', async () => {
    const { s, db } = await service();
    for (const text of ['The cat sees', 'The cat sees the ball', 'The cat sees the ball today.']) {
      await s.draft({ draftKey: 'same', text, pasted: [] }, site);
    }
    const all = await listSamples(await db);
    expect(all.map((x) => x.text)).toEqual(['The cat sees the ball today.']);
  });

  it('leaves pasted text out', async () => {
    const { s, db } = await service();
    const pasted = 'Lorem ipsum dolor sit amet consectetur adipiscing elit';
    await s.draft({ draftKey: 'p', text: `My own words come first here. ${pasted}`, pasted: [pasted] }, site);
    const [sample] = await listSamples(await db);
    expect(sample.text).toContain('My own words');
    expect(sample.text).not.toContain('Lorem');
  });

  it.each([
    ['an incognito window', { ...site, incognito: true }, { learning: true, blocked: false }, 'incognito'],
    ['a blocked site', site, { learning: true, blocked: true }, 'blocked'],
    ['learning switched off', site, { learning: false, blocked: true }, 'learning-off'],
  ])('stores nothing from %s', async (_name, sender, policy, reason) => {
    const { s, db } = await service(policy);
    const r = await s.draft({ draftKey: 'x', text: 'Some private words typed here by me.', pasted: [] }, sender);
    expect(r.stored).toBe(false);
    expect(r.reason).toBe(reason);
    expect(await listSamples(await db)).toHaveLength(0);
  });
});
