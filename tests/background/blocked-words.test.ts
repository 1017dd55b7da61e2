import { describe, expect, it, vi } from 'vitest';
import { BlockedWords } from '../../src/background/blocked-words';
import { LiveHub } from '../../src/background/live-hub';
import { createInklingService, type PredictingEngine } from '../../src/background/service';

const engine: PredictingEngine = {
  predict: (req) => (req.prefix ? ['Darn', 'dart', 'darling'] : ['darn', 'the']),
  forgetField: () => {},
  info: () => ({ model: 'test', lang: 'en', params: 1, bytes: 1, vocab: 3 }),
};
const caller = { tabId: 1, frameId: 0, origin: 'https://a.example', incognito: false };

describe('BlockedWords', () => {
  it('never lets a blocked word through, in any case, in suggestions, look-ahead or the popup', async () => {
    const blocked = new BlockedWords(async () => new Set(['darn']));
    const live = new LiveHub();
    const published: string[][] = [];
    live.watch(1, { postMessage: (m) => published.push(m.suggestions) });
    const service = createInklingService({ getEngine: async () => engine, live, filterWords: (w) => blocked.filter(w) });
    const result = await service.handlers.predict({ field: 'f', seq: 1, context: 'oh ', prefix: 'dar', k: 3, lookahead: true }, caller);
    expect(result.suggestions).toEqual(['dart', 'darling']);
    expect(result.next).toEqual(['the']);
    expect(published.at(-1)).toEqual(['dart', 'darling']);
  });

  it('loads once, and again only after a change', async () => {
    const load = vi.fn(async () => new Set(['x']));
    const blocked = new BlockedWords(load);
    await blocked.filter(['a']);
    await blocked.filter(['b']);
    expect(load).toHaveBeenCalledTimes(1);
    blocked.refresh();
    await blocked.filter(['c']);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('suggests nothing while the list cannot be read, and reads it again next time', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('db closed')).mockResolvedValue(new Set(['x']));
    const blocked = new BlockedWords(load);
    await expect(blocked.filter(['x', 'y'])).rejects.toThrow('db closed');
    expect(await blocked.filter(['x', 'y'])).toEqual(['y']);
  });
});
