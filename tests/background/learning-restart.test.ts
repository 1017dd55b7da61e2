import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { synthCorpus, tinyModelData, trainTiny } from '../model/fixtures';
import { createLearningService } from '../../src/background/learning';
import { createEngine } from '../../src/engine/engine';
import { writeModelFile } from '../../src/model/model-file';
import { openInklingDB } from '../../src/storage/db';

const corpus = synthCorpus(21, 300);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 100), corpus));
const site = { origin: 'https://mail.example', incognito: false };
const allowed = async () => ({ learning: true, blocked: false });
const until = async (cond: () => Promise<boolean>) => { for (let i = 0; i < 500 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 2)); };

describe('learning service after a worker restart', () => {
  it('ready() loads what was learned into a fresh engine before any new draft arrives', async () => {
    const factory = new IDBFactory();
    const first = createLearningService({ getEngine: async () => createEngine(modelBytes), openDb: () => openInklingDB(factory), allowed });
    await first.draft({ draftKey: 'k', text: 'Ask Quendolyn about the red book today, Quendolyn knows.', pasted: [] }, site, false);
    await until(async () => { const st = await first.status(); return st.waiting === 0 && !st.learning; });

    // A new worker: a fresh engine (as a stopped service worker gets), nothing waiting to learn.
    const engine = createEngine(modelBytes);
    const restarted = createLearningService({ getEngine: async () => engine, openDb: () => openInklingDB(factory), allowed });
    expect(engine.predict({ field: 'f', context: 'Ask ', prefix: 'Que', k: 3 })).not.toContain('Quendolyn');
    await restarted.ready('en');
    expect(engine.predict({ field: 'f', context: 'Ask ', prefix: 'Que', k: 3 })).toContain('Quendolyn');
  });
});
