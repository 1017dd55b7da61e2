import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { synthCorpus, trainTiny, tinyModelData } from '../model/fixtures';
import { writeModelFile } from '../../src/model/model-file';
import { createEngine } from '../../src/engine/engine';
import { openInklingDB } from '../../src/storage/db';
import { writeCheckpoint } from '../../src/storage/checkpoints';
import { unlearnedSamples } from '../../src/storage/samples';
import { Learner } from '../../src/learn/learner';

const corpus = synthCorpus(11, 400);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 200), corpus));
const typed = { pastedRanges: [] as [number, number][], field: { sensitive: false }, site: { blocked: false, incognito: false }, settings: { learning: true } };

async function setup(factory = new IDBFactory()) {
  const db = await openInklingDB(factory), engine = createEngine(modelBytes);
  return { db, engine, factory, learner: new Learner(db, engine, 'en') };
}

describe('Learner with the personal memory and its fine-tuned adapter', () => {
  it('learns a queue longer than one read of the store in one drain', async () => {
    const { db, engine, learner } = await setup();
    const texts = Array.from({ length: 40 }, (_, i) => `Note ${i}: Zorbulon sends the letter to our teacher.`);
    let n = 0;
    for (const text of texts) await learner.capture({ ...typed, text }, { draftKey: `d${n++}`, origin: 'https://example.test', now: 1000 + n });
    await learner.drain();
    expect(await unlearnedSamples(db, 100)).toHaveLength(0);
    expect(engine.personal.counts.uni.get('zorbulon')).toBe(40);
    expect(engine.personal.tuner).toBeDefined();
  });

  it('restores a checkpoint written before the adapter existed (memory version 1)', async () => {
    const { db, engine, learner } = await setup();
    const v1 = {
      v: 1, total: 4, uni: [['zorbulon', 2], ['likes', 2]], display: [['zorbulon', 'Zorbulon']], bi: [['zorbulon', [['likes', 2]]]], tri: [],
      resp: new Array(15).fill(0), seen: new Array(15).fill(0), blocked: [],
    };
    await writeCheckpoint(db, 'personal-en', new TextEncoder().encode(JSON.stringify({ memory: v1, consumed: [] })), 1);
    await learner.restore();
    expect(engine.personal.counts.uni.get('zorbulon')).toBe(2);
    expect(engine.personal.tuner).toBeUndefined();
    expect(engine.predict({ field: 'f', context: 'Ask ', prefix: 'Zo', k: 3 })).toContain('Zorbulon');
  });
});
