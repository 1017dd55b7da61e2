import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { synthCorpus, tinyModelData, trainTiny } from '../model/fixtures';
import { LearningService } from '../../src/background/learning';
import { createEngine } from '../../src/engine/engine';
import { writeModelFile } from '../../src/model/model-file';
import { openInklingDB } from '../../src/storage/db';

const corpus = synthCorpus(21, 300);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 100), corpus));
const site = { origin: 'https://mail.example', incognito: false };
const allowed = async () => ({ learning: true, blocked: false });

describe('learning service after a worker restart', () => {
  it('ready() loads what was learned into a fresh engine before any new draft arrives', async () => {
    const factory = new IDBFactory();
    const first = new LearningService({ getEngine: async () => createEngine(modelBytes), openDb: () => openInklingDB(factory), allowed });
    await first.draft({ draftKey: 'k', text: 'Ask Quendolyn about the red book today, Quendolyn knows.', pasted: [] }, site);
    await first.idle();

    // A new worker: a fresh engine (as a stopped service worker gets), nothing waiting to learn.
    const engine = createEngine(modelBytes);
    const restarted = new LearningService({ getEngine: async () => engine, openDb: () => openInklingDB(factory), allowed });
    expect(engine.predict({ field: 'f', context: 'Ask ', prefix: 'Que', k: 3 })).not.toContain('Quendolyn');
    await restarted.ready('en');
    expect(engine.predict({ field: 'f', context: 'Ask ', prefix: 'Que', k: 3 })).toContain('Quendolyn');
  });
});
