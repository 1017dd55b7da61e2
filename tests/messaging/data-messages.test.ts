import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/messaging/errors';
import { parseRequest } from '../../src/messaging/validate';

const req = (type: string, data: unknown) => ({ inkling: 1, type, data });

describe('parseRequest: the options page’s and the stats messages', () => {
  it.each([
    ['accepted', { saved: 4 }, { saved: 4 }],
    ['setLearningPaused', { paused: true }, { paused: true }],
    ['recentStats', { days: 7 }, { days: 7 }],
    ['listSamples', { search: 'x', origin: 'https://a.example', limit: 10, extra: 1 }, { search: 'x', origin: 'https://a.example', limit: 10 }],
    ['listSamples', {}, {}],
    ['deleteSample', { id: 3 }, { id: 3 }],
    ['deleteSiteSamples', { origin: 'https://a.example' }, { origin: 'https://a.example' }],
    ['addWord', { word: ' Zyrtelle ' }, { word: 'Zyrtelle' }],
    ['blockWord', { word: 'darn', blocked: false }, { word: 'darn', blocked: false }],
    ['importData', { file: '{}' }, { file: '{}' }],
    ['deleteEverything', { please: true }, {}],
  ])('%s %j → %j', (type, data, clean) => {
    expect(parseRequest(req(type, data)).data).toEqual(clean);
  });

  it.each([
    ['accepted', { saved: -1 }],
    ['accepted', { saved: 1e6 }],
    ['setLearningPaused', { paused: 'yes' }],
    ['recentStats', { days: 10_000 }],
    ['listSamples', { search: 'x'.repeat(201) }],
    ['deleteSample', { id: 1.5 }],
    ['addWord', { word: 'two words' }],
    ['addWord', { word: '' }],
    ['removeWord', { word: 'x'.repeat(65) }],
    ['blockWord', { word: 'darn' }],
    ['importData', { file: 42 }],
  ])('refuses %s %j', (type, data) => {
    expect(() => parseRequest(req(type, data))).toThrow(ProtocolError);
  });
});
