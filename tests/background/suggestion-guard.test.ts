import { describe, expect, it } from 'vitest';
import { createInklingService, type PredictingEngine } from '../../src/background/service';
import { LiveHub } from '../../src/background/live-hub';
import { parseRequest } from '../../src/messaging/validate';

/** A stand-in engine that answers with a fixed list, whatever is asked. */
function engineAnswering(words: string[]): PredictingEngine {
  return { predict: () => words, forgetField: () => {}, info: () => ({ model: 'test', lang: 'en', params: 1, bytes: 1, vocab: 1 }) };
}

const OWN = 'chrome-extension://inkling';
const page = { tabId: 1, frameId: 0, origin: 'https://example.com', incognito: false };
const predict = { field: 'f', seq: 1, context: 'I will send you the ', prefix: '', k: 64 };

function serviceAnswering(words: string[]) {
  return createInklingService({ getEngine: async () => engineAnswering(words), live: new LiveHub(), extensionOrigin: OWN, languageChoice: () => 'en' });
}

describe('what is never suggested', () => {
  it('single letters other than the language’s one-letter words', async () => {
    const en = serviceAnswering(['T', 'today', 'a', 'I', 's', 'é', '2']);
    expect((await en.handlers.predict(predict, page)).suggestions).toEqual(['today', 'a', 'I', '2']);
    const pt = createInklingService({ getEngine: async () => engineAnswering(['t', 'a', 'e', 'o', 'é', 'à', 'I', 'casa']), live: new LiveHub(), languageChoice: () => 'pt' });
    expect((await pt.handlers.predict(predict, page)).suggestions).toEqual(['a', 'e', 'o', 'é', 'à', 'casa']);
  });

  it('the words a failed insertion left in a field, counted for Inkling’s own pages only', async () => {
    const service = serviceAnswering(['odayI', 'today', 'tomorrow']);
    expect(service.handlers.insertionFailed({ restored: false, strayWords: ['odayI'] }, page)).toBeNull();
    expect((await service.handlers.predict(predict, page)).suggestions).toEqual(['today', 'tomorrow']);
    expect(service.handlers.insertionFailures({}, { ...page, origin: OWN })).toEqual({ failures: 1, unrestored: 1 });
    expect(() => service.handlers.insertionFailures({}, page)).toThrow(/own pages/);
  });

  it('keeps nothing from a private window', async () => {
    const service = serviceAnswering(['odayI', 'today']);
    service.handlers.insertionFailed({ restored: true, strayWords: ['odayI'] }, { ...page, incognito: true });
    expect((await service.handlers.predict(predict, page)).suggestions).toEqual(['odayI', 'today']);
    expect(service.handlers.insertionFailures({}, { ...page, origin: OWN })).toEqual({ failures: 0, unrestored: 0 });
  });

  it('a failure report is checked like every message', () => {
    const message = (data: unknown) => ({ inkling: 1, type: 'insertionFailed', data });
    expect(parseRequest(message({ restored: true, strayWords: ['x'], extra: 1 })).data).toEqual({ restored: true, strayWords: ['x'] });
    expect(() => parseRequest(message({ restored: 'yes', strayWords: [] }))).toThrow();
    expect(() => parseRequest(message({ restored: true, strayWords: Array(9).fill('w') }))).toThrow();
    expect(() => parseRequest(message({ restored: true, strayWords: ['w'.repeat(65)] }))).toThrow();
  });
});
