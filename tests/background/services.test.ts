import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { synthCorpus, tinyModelData, trainTiny } from '../model/fixtures';
import { createBackgroundServices, enforceRetention, type BackgroundEnv } from '../../src/background/services';
import type { Caller } from '../../src/messaging/server';
import { writeModelFile } from '../../src/model/model-file';
import { openInklingDB } from '../../src/storage/db';
import { listSamples } from '../../src/storage/samples';
import { DEFAULT_SETTINGS, type Settings } from '../../src/storage/settings';
import { addWord } from '../../src/storage/vocabulary';

const corpus = synthCorpus(21, 300);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 100), corpus));
const OWN = 'chrome-extension://inkling';

/** The background's services over a fresh database, the tiny model served as a data: URL. */
function background(over: Partial<BackgroundEnv> = {}) {
  const db = openInklingDB(new IDBFactory());
  const problems: string[] = [];
  const services = createBackgroundServices({
    modelUrl: () => `data:application/octet-stream;base64,${Buffer.from(modelBytes).toString('base64')}`,
    ownOrigin: OWN, browserLanguage: 'en', openDb: () => db,
    languageChoice: async () => 'en', settings: async () => DEFAULT_SETTINGS,
    siteSwitches: async () => ({ everywhere: true, off: ['quiet.example'], on: [] }),
    keepAwake: () => {}, report: (problem) => problems.push(problem),
    ...over,
  });
  return { ...services, db, problems };
}

const page = (origin: string): Caller => ({ tabId: 3, frameId: 0, origin, incognito: false });
const predict = (prefix: string, context = 'Ask ') => ({ field: 'f', seq: 1, context, prefix, k: 3 });

describe('createBackgroundServices', () => {
  it('learns a draft through the handlers and suggests what it taught', async () => {
    const { handlers, learning } = background();
    const text = 'Ask Quendolyn about the red book. Quendolyn knows the garden.';
    expect(await handlers.draft({ draftKey: 'k', text, pasted: [] }, page('https://mail.example'))).toEqual({ stored: true });
    await learning.idle();
    expect((await handlers.learningStatus({}, page(OWN))).waiting).toBe(0);
    expect((await handlers.predict(predict('Que'), page('https://mail.example'))).suggestions).toContain('Quendolyn');
  });

  it('keeps nothing from a site turned off (its host name, from the sender’s origin)', async () => {
    const { handlers, db } = background();
    const reply = await handlers.draft({ draftKey: 'k', text: 'Ask Quendolyn about the red book today.', pasted: [] }, page('https://quiet.example:8443'));
    expect(reply).toEqual({ stored: false, reason: 'blocked' });
    expect(await listSamples(await db)).toEqual([]);
  });

  it('gives engines the words the user added, again after the vocabulary changes', async () => {
    const { handlers, db } = background();
    await addWord(await db, { word: 'zorbulon', display: 'Zorbulon' }, '', 1);
    expect((await handlers.predict(predict('Zor', 'Tell '), page('https://mail.example'))).suggestions).toContain('Zorbulon');
    await handlers.addWord({ word: 'Varnimot' }, page(OWN));
    // The loaded engine is given the words once they are read again (no keystroke waits for it).
    await vi.waitFor(async () => expect((await handlers.predict(predict('Var', 'Tell '), page('https://mail.example'))).suggestions).toContain('Varnimot'));
  });
});

describe('enforceRetention', () => {
  it('forgets past the limits at once, and again only when they change', async () => {
    const asked: unknown[] = [];
    const apply = enforceRetention({ forget: async (which) => (asked.push(which), 0) }, () => {});
    const s = (retentionDays: number): Settings => ({ ...DEFAULT_SETTINGS, retentionDays });
    apply(s(30));
    apply({ ...s(30), ghostText: false });
    apply(s(7));
    expect(asked).toEqual([
      { retention: { retentionDays: 30, maxTotalChars: DEFAULT_SETTINGS.retentionChars, now: expect.any(Number) } },
      { retention: { retentionDays: 7, maxTotalChars: DEFAULT_SETTINGS.retentionChars, now: expect.any(Number) } },
    ]);
  });

  it('reports a retention deletion that failed', async () => {
    const problems: string[] = [];
    enforceRetention({ forget: async () => { throw new Error('disk gone'); } }, (p, e) => problems.push(`${p}: ${String(e)}`))(DEFAULT_SETTINGS);
    await vi.waitFor(() => expect(problems).toEqual(['retention: Error: disk gone']));
  });
});
