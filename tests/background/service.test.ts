import { describe, expect, it, vi } from 'vitest';
import type { PredictRequest } from '../../src/engine/engine';
import { FieldSessions } from '../../src/background/field-sessions';
import { createLazyEngine, loadShippedEngine } from '../../src/background/lazy-engine';
import { LiveHub } from '../../src/background/live-hub';
import { createInklingService, type PredictingEngine } from '../../src/background/service';

/** A stand-in engine for these tests only: it records calls and echoes the prefix. */
function recordingEngine() {
  const calls: PredictRequest[] = [];
  const forgotten: string[] = [];
  const engine: PredictingEngine = {
    predict: (req) => {
      calls.push(req);
      return [`${req.prefix}an`, `${req.prefix}by`].slice(0, req.k);
    },
    forgetField: (field) => {
      forgotten.push(field);
    },
    info: () => ({ model: 'test', lang: 'en', params: 1, bytes: 1, vocab: 2 }),
  };
  return { engine, calls, forgotten };
}

const request = (field: string, prefix = 'x') => ({ field, seq: 1, context: 'the ', prefix, k: 2 });

describe('createInklingService', () => {
  it('scopes fields by tab and frame and echoes seq', async () => {
    const { engine, calls } = recordingEngine();
    const service = createInklingService({ getEngine: async () => engine, live: new LiveHub() });
    const result = await service.handlers.predict(request('f1'), { tabId: 4, frameId: 2, origin: '', incognito: false });
    expect(result).toEqual({ seq: 1, suggestions: ['xan', 'xby'], lang: 'en' });
    expect(calls[0]!.field).toBe('4/2/f1');
  });

  it('also returns the next word’s candidates on request, under their own field key', async () => {
    const { engine, calls } = recordingEngine();
    const service = createInklingService({ getEngine: async () => engine, live: new LiveHub() });
    const result = await service.handlers.predict({ ...request('f1', 'wor'), lookahead: true }, { tabId: 4, frameId: 0, origin: '', incognito: false });
    expect(result).toEqual({ seq: 1, suggestions: ['woran', 'worby'], next: ['an', 'by'], lang: 'en' });
    expect(calls[1]).toEqual({ field: '4/0/f1+', context: 'the wor ', prefix: '', k: 2 });
  });

  it('passes a phrase through when asked for one, only if each of its words would be offered alone', async () => {
    const caller = { tabId: 4, frameId: 0, origin: '', incognito: false };
    const withPhrase = (phrase: string): PredictingEngine => ({
      ...recordingEngine().engine,
      predictPhrase: (req) => ({ words: [`${req.prefix}egards`], phrase }),
    });
    const ask = async (engine: PredictingEngine, phrase: boolean, filterWords?: (w: string[]) => Promise<string[]>) =>
      createInklingService({ getEngine: async () => engine, live: new LiveHub(), filterWords }).handlers.predict({ ...request('f1', 'r'), phrase }, caller);
    expect(await ask(withPhrase('regards, Marta Quintela'), true)).toEqual({ seq: 1, suggestions: ['regards'], phrase: 'regards, Marta Quintela', lang: 'en' });
    expect(await ask(withPhrase('regards, Marta Quintela'), false)).toEqual({ seq: 1, suggestions: ['ran', 'rby'], lang: 'en' });
    const blockMarta = async (words: string[]) => words.filter((w) => w !== 'Marta');
    expect(await ask(withPhrase('regards, Marta Quintela'), true, blockMarta)).toEqual({ seq: 1, suggestions: ['regards'], lang: 'en' });
    expect(await ask(withPhrase('regards, a x'), true)).not.toHaveProperty('phrase'); // "x" is debris, never offered
  });

  it('looks ahead after punctuation too, but not after a space or in an empty field', async () => {
    const { engine, calls } = recordingEngine();
    const service = createInklingService({ getEngine: async () => engine, live: new LiveHub() });
    const caller = { tabId: 4, frameId: 0, origin: '', incognito: false };
    expect((await service.handlers.predict({ ...request('f1', ''), context: 'Done.', lookahead: true }, caller)).next).toEqual(['an', 'by']);
    expect(calls[1]).toMatchObject({ context: 'Done. ', prefix: '' });
    expect((await service.handlers.predict({ ...request('f1', ''), context: 'Done. ', lookahead: true }, caller)).next).toBeUndefined();
    expect((await service.handlers.predict({ ...request('f1', ''), context: '', lookahead: true }, caller)).next).toBeUndefined();
  });

  it('forgets a closed tab’s fields and the least recently used beyond capacity', async () => {
    const { engine, forgotten } = recordingEngine();
    const service = createInklingService({ getEngine: async () => engine, live: new LiveHub(), fieldCapacity: 2 });
    await service.handlers.predict(request('a'), { tabId: 1, frameId: 0, origin: '', incognito: false });
    await service.handlers.predict(request('b'), { tabId: 2, frameId: 0, origin: '', incognito: false });
    await service.handlers.predict(request('a'), { tabId: 1, frameId: 0, origin: '', incognito: false });
    await service.handlers.predict(request('c'), { tabId: 3, frameId: 0, origin: '', incognito: false });
    expect(forgotten).toEqual(['2/0/b']);
    service.tabClosed(1);
    expect(forgotten).toEqual(['2/0/b', '1/0/a']);
  });

  it('publishes each tab’s suggestions to the popups watching it', async () => {
    const { engine } = recordingEngine();
    const live = new LiveHub();
    const service = createInklingService({ getEngine: async () => engine, live });
    const seen: string[][] = [];
    const stop = live.watch(9, { postMessage: (m) => seen.push(m.suggestions) });
    await service.handlers.predict(request('f', 'y'), { tabId: 9, frameId: 0, origin: '', incognito: false });
    await service.handlers.predict(request('f', 'z'), { tabId: 8, frameId: 0, origin: '', incognito: false });
    stop();
    await service.handlers.predict(request('f', 'w'), { tabId: 9, frameId: 0, origin: '', incognito: false });
    expect(seen).toEqual([['yan', 'yby']]);
  });

  it('reports a failing model load as an error on every request', async () => {
    const service = createInklingService({
      getEngine: () => Promise.reject(new Error('cannot load the model')),
      live: new LiveHub(),
    });
    await expect(service.handlers.predict(request('f'), { tabId: 1, frameId: 0, origin: '', incognito: false })).rejects.toThrow('cannot load the model');
  });
});

describe('language per field', () => {
  const caller = { tabId: 1, frameId: 0, origin: '', incognito: false };
  function twoLanguages(choice: 'auto' | 'en' | 'pt' = 'auto') {
    const en = recordingEngine(), pt = recordingEngine();
    const loads: string[] = [];
    const service = createInklingService({
      getEngine: async (lang) => { loads.push(lang); return lang === 'pt' ? pt.engine : en.engine; },
      live: new LiveHub(),
      languageChoice: () => choice,
    });
    return { service, en, pt, loads };
  }

  it('loads only the model of the language in use', async () => {
    const { service, loads } = twoLanguages();
    await service.handlers.predict({ ...request('f'), context: 'I think that ' }, caller);
    expect(new Set(loads)).toEqual(new Set(['en']));
  });

  it('answers from the page’s language, then from what the user writes', async () => {
    const { service, en, pt } = twoLanguages();
    const tagged = await service.handlers.predict({ ...request('f'), context: '', lang: 'pt-BR' }, caller);
    expect(tagged.lang).toBe('pt');
    const written = await service.handlers.predict({ ...request('g'), context: 'Muito obrigado pela ' }, caller);
    expect(written.lang).toBe('pt');
    const english = await service.handlers.predict({ ...request('g'), context: 'Thank you so much for the ' }, caller);
    expect(english.lang).toBe('en');
    expect(pt.calls.map((c) => c.field)).toEqual(['1/0/f', '1/0/g']);
    expect(en.calls.map((c) => c.field)).toEqual(['1/0/g']);
  });

  it('follows the user’s setting over page and text', async () => {
    const { service } = twoLanguages('en');
    const r = await service.handlers.predict({ ...request('f'), context: 'Muito obrigado pela ', lang: 'pt-BR' }, caller);
    expect(r.lang).toBe('en');
  });

  it('forgets a field in every loaded language', async () => {
    const { service, en, pt } = twoLanguages();
    await service.handlers.predict({ ...request('f'), context: 'Muito obrigado pela ' }, caller);
    await service.handlers.predict({ ...request('f'), context: 'Thank you so much for the ' }, caller);
    await service.handlers.forgetField({ field: 'f' }, caller);
    expect(en.forgotten).toContain('1/0/f');
    expect(pt.forgotten).toContain('1/0/f');
  });

  it('describes the model that answered last', async () => {
    const en = recordingEngine(), pt = recordingEngine();
    pt.engine.info = () => ({ model: 'pt-test', lang: 'pt', params: 1, bytes: 1, vocab: 2 });
    const service = createInklingService({ getEngine: async (lang) => (lang === 'pt' ? pt.engine : en.engine), live: new LiveHub() });
    expect((await service.handlers.modelInfo({}, caller)).lang).toBe('en');
    await service.handlers.predict({ ...request('f'), context: 'Muito obrigado pela ' }, caller);
    expect((await service.handlers.modelInfo({}, caller)).lang).toBe('pt');
    expect((await service.handlers.modelInfo({ lang: 'en' }, caller)).lang).toBe('en');
  });
});

describe('createLazyEngine', () => {
  it('loads once, and tries again after a failure', async () => {
    const { engine } = recordingEngine();
    const load = vi.fn<() => Promise<PredictingEngine>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(engine);
    const getEngine = createLazyEngine(load);
    await expect(getEngine()).rejects.toThrow('offline');
    await expect(getEngine()).resolves.toBe(engine);
    await expect(getEngine()).resolves.toBe(engine);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('loadShippedEngine', () => {
  it('passes the fetched bytes to the engine factory', async () => {
    const { engine } = recordingEngine();
    const create = vi.fn(() => engine);
    const fetchFn = (async () => new Response(new Uint8Array([1, 2, 3]))) as unknown as typeof fetch;
    await loadShippedEngine('chrome-extension://x/models/en.inkling', create, fetchFn);
    expect(create).toHaveBeenCalledWith(new Uint8Array([1, 2, 3]));
  });

  it('says which file failed', async () => {
    const fetchFn = (async () => new Response('', { status: 404 })) as unknown as typeof fetch;
    await expect(loadShippedEngine('/models/en.inkling', () => recordingEngine().engine, fetchFn)).rejects.toThrow(
      'cannot load the model /models/en.inkling: HTTP 404',
    );
  });
});

describe('FieldSessions', () => {
  it('keys fields by tab, frame and field id', () => {
    expect(FieldSessions.key(3, 0, 'f2')).toBe('3/0/f2');
  });
});
