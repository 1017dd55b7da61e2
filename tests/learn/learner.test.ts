import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { synthCorpus, trainTiny, tinyModelData } from '../model/fixtures';
import { writeModelFile } from '../../src/model/model-file';
import { createEngine, type Engine } from '../../src/engine/engine';
import { openInklingDB } from '../../src/storage/db';
import { Learner } from '../../src/learn/learner';
import { listSamples, markLearned, unlearnedSamples } from '../../src/storage/samples';
import { addText, emptyCounts } from '../../src/learn/personal-ngram';
import { PersonalMemory } from '../../src/learn/personal-memory';
import * as vocabulary from '../../src/storage/vocabulary';
import { vi } from 'vitest';

const corpus = synthCorpus(11, 400);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 200), corpus));
const typed = { pastedRanges: [] as [number, number][], field: { sensitive: false }, site: { blocked: false, incognito: false }, settings: { learning: true } };
const USER_TEXT = [
  'I asked Zorbulon to send the letter to our teacher today.',
  'Zorbulon likes the red book and the big house.',
  'Please tell Zorbulon that the children want the ball.',
];

async function setup(engine: Engine = createEngine(modelBytes), factory = new IDBFactory()) {
  const db = await openInklingDB(factory);
  return { engine, db, factory, learner: new Learner(db, engine, 'en') };
}

async function captureAll(learner: Learner, texts: string[]) {
  let n = 0;
  for (const text of texts) await learner.capture({ ...typed, text }, { draftKey: `d${n++}`, origin: 'https://example.test', now: 1000 + n });
}

/** Mean −log p of the words of a text under the engine's current model. */
function meanLoss(engine: Engine, text: string): number {
  let sum = 0, n = 0;
  for (const m of text.matchAll(/[\p{L}]+/gu)) { sum -= Math.log(Math.max(1e-12, engine.wordProb(text.slice(0, m.index), m[0].toLowerCase()))); n++; }
  return sum / n;
}

describe('Learner', () => {
  it('learns a draft the user went on writing only from where its learned part ends', async () => {
    const { engine, learner } = await setup();
    const seen: string[] = [];
    const learnWord = engine.learnWord.bind(engine);
    engine.learnWord = (context, key) => { seen.push(key); learnWord(context, key); };
    const draft = { draftKey: 'd', origin: 'https://example.test' };
    await learner.capture({ ...typed, text: 'I asked Zorbulon to send the letter.' }, { ...draft, now: 1 });
    await learner.drain();
    await learner.capture({ ...typed, text: 'I asked Zorbulon to send the letter. He said yes.' }, { ...draft, now: 2 });
    await learner.drain();
    expect(seen).toEqual(['i', 'asked', 'zorbulon', 'to', 'send', 'the', 'letter', 'he', 'said', 'yes']);
    await learner.capture({ ...typed, text: 'We asked Zorbulon to send the letter. He said yes.' }, { ...draft, now: 3 });
    await learner.drain();
    expect(seen.length).toBe(20); // edited at the start: learned again whole
  });

  it('makes a new name suggestible after its first letters once it was written', async () => {
    const { engine, learner } = await setup();
    expect(engine.predict({ field: 'f', context: 'Please ask ', prefix: 'Zo', k: 3 })).not.toContain('Zorbulon');
    await captureAll(learner, USER_TEXT.slice(0, 2));
    await learner.drain();
    expect(engine.predict({ field: 'f', context: 'Please ask ', prefix: 'Zo', k: 3 })).toContain('Zorbulon');
  });

  it('lowers the loss on the text it learned', async () => {
    const { engine, learner } = await setup();
    const before = USER_TEXT.map((t) => meanLoss(engine, t));
    await captureAll(learner, USER_TEXT);
    await learner.drain();
    const after = USER_TEXT.map((t) => meanLoss(engine, t));
    after.forEach((a, i) => expect(a).toBeLessThan(before[i]));
  });

  it('restores what it learned after the worker restarts', async () => {
    const first = await setup();
    await captureAll(first.learner, USER_TEXT);
    await first.learner.drain();
    const want = first.engine.predict({ field: 'f', context: 'I asked ', prefix: '', k: 3 });
    const again = await setup(createEngine(modelBytes), first.factory);
    await again.learner.restore();
    expect(again.engine.predict({ field: 'f', context: 'I asked ', prefix: '', k: 3 })).toEqual(want);
    expect(again.engine.personal.counts.total).toBe(first.engine.personal.counts.total);
  });

  it('neither loses nor doubles a sample when stopped between writing the checkpoint and the bookkeeping', async () => {
    const { db, factory, learner, engine } = await setup();
    await captureAll(learner, USER_TEXT);
    // The checkpoint and the marks are queued, then the worker stops before the vocabulary is written.
    const spy = vi.spyOn(vocabulary, 'setLearnedCounts').mockRejectedValueOnce(new Error('worker stopped'));
    expect(await learner.runSlice(10_000)).toEqual({ learned: USER_TEXT.length, more: true }); // the checkpoint is a slice of its own
    await expect(learner.runSlice(10_000)).rejects.toThrow('worker stopped');
    spy.mockRestore();
    const total = engine.personal.counts.total;
    expect(total).toBeGreaterThan(0);
    // A fresh worker: nothing of that transaction committed, so every sample is learned once.
    const restarted = await setup(createEngine(modelBytes), factory);
    await restarted.learner.restore();
    expect(restarted.engine.personal.empty).toBe(true);
    expect(await unlearnedSamples(db, 10)).toHaveLength(USER_TEXT.length);
    await restarted.learner.drain();
    expect(restarted.engine.personal.counts.total).toBe(total);
    expect(await unlearnedSamples(db, 10)).toHaveLength(0);
  });

  it('starts from the base model when the checkpoint is corrupted, and learns the samples again', async () => {
    const { db, factory, learner, engine } = await setup();
    await captureAll(learner, USER_TEXT);
    await learner.drain();
    const tx = db.transaction('checkpoints', 'readwrite');
    const rec = (await tx.store.get('personal-en'))!;
    rec.bytes = rec.bytes.slice(); rec.bytes[5] ^= 0xff;
    await tx.store.put(rec); await tx.done;
    const problems: string[] = [];
    const fresh = createEngine(modelBytes);
    const restarted = new Learner(await openInklingDB(factory), fresh, 'en', (p) => problems.push(p));
    await restarted.restore();
    expect(fresh.personal.empty).toBe(true);
    expect(problems.join()).toMatch(/checkpoint/);
    // What the lost checkpoint held is learned again from the samples, not lost for good.
    expect(await unlearnedSamples(db, 10)).toHaveLength(USER_TEXT.length);
    await restarted.drain();
    expect(fresh.personal.counts.total).toBe(engine.personal.counts.total);
  });

  it('refuses sensitive fields and forgets everything on reset', async () => {
    const { engine, learner } = await setup();
    const r = await learner.capture({ ...typed, text: USER_TEXT[0], field: { sensitive: true } }, { draftKey: 'p', origin: 'o', now: 1 });
    expect(r).toEqual({ ok: false, reason: 'sensitive' });
    await captureAll(learner, USER_TEXT);
    await learner.drain();
    await learner.reset();
    expect(engine.personal.empty).toBe(true);
  });
});

describe('PersonalMemory snapshot', () => {
  it('round-trips through JSON and rejects a malformed one', () => {
    const m = new PersonalMemory();
    m.learn('Zorbulon likes the red book.', () => 0.01);
    const back = PersonalMemory.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.counts.uni.get('zorbulon')).toBe(1);
    expect(() => PersonalMemory.fromJSON({ v: 2 })).toThrow(TypeError);
  });
});

describe('Learner slices', () => {
  it('learns word by word across tiny slices exactly what one long slice learns', async () => {
    const a = await setup(), b = await setup();
    await captureAll(a.learner, USER_TEXT); await captureAll(b.learner, USER_TEXT);
    await a.learner.drain();
    let slices = 0;
    while ((await b.learner.runSlice(0)).more) slices++;
    expect(slices).toBeGreaterThan(USER_TEXT.length);
    expect(JSON.stringify(b.engine.personal.toJSON())).toBe(JSON.stringify(a.engine.personal.toJSON()));
  });

  /** A sample of about 600 keys: counting it in takes several slices of a small budget. */
  const LONG = synthCorpus(5, 80).join(' ') + ' Zorbulon signed it.';

  it('counts a long sample in over several slices, ending with what counting it whole gives', async () => {
    const a = await setup(), b = await setup();
    await captureAll(a.learner, [LONG]); await captureAll(b.learner, [LONG]);
    await a.learner.drain();
    const totals: number[] = [];
    while ((await b.learner.runSlice(0)).more) totals.push(b.engine.personal.counts.total);
    const partial = totals.filter((t) => t > 0 && t < a.engine.personal.counts.total);
    expect(partial.length).toBeGreaterThan(3); // slices that each counted a part of it
    expect(JSON.stringify(b.engine.personal.toJSON())).toBe(JSON.stringify(a.engine.personal.toJSON()));
  });

  it('does not checkpoint a half-counted sample: a deletion meanwhile finishes it first, and a restart neither loses nor doubles it', async () => {
    const { db, factory, learner, engine } = await setup();
    await captureAll(learner, [USER_TEXT[0], LONG, USER_TEXT[1]]);
    // Learn until the long sample is part counted in.
    let total = 0;
    do await learner.runSlice(0); while (!((total = engine.personal.counts.total) > 40));
    const whole = emptyCounts();
    for (const t of [USER_TEXT[0], LONG]) addText(whole, t);
    expect(total).toBeLessThan(whole.total);
    // The user deletes the first sample from the options page, between two slices.
    const [first] = (await listSamples(db)).filter((s) => s.text === USER_TEXT[0]);
    expect(await learner.forget({ ids: [first!.id] }, 5000)).toBe(1);
    const rest = emptyCounts();
    addText(rest, LONG);
    expect(engine.personal.counts.total).toBe(rest.total); // the long one all counted in, the deleted one out
    // A fresh worker loads that checkpoint: the long sample is in it once, and learned no more.
    const restarted = await setup(createEngine(modelBytes), factory);
    await restarted.learner.restore();
    expect(restarted.engine.personal.counts.total).toBe(rest.total);
    await restarted.learner.drain();
    addText(rest, USER_TEXT[1]);
    expect(restarted.engine.personal.counts.total).toBe(rest.total);
    expect([...restarted.engine.personal.counts.tri].sort()).toEqual([...rest.tri].sort());
  });
});
