// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { readAloudIndex } from '../../src/page/accept-keys';
import { loopFixture } from './loop-fixture';

describe('readAloudIndex', () => {
  it.each<[KeyboardEventInit, number | 'all']>([
    [{ code: 'Digit2', altKey: true, shiftKey: true }, 1],
    [{ code: 'Digit0', altKey: true, shiftKey: true }, 'all'],
    [{ code: 'Digit2', altKey: true }, -1], // Alt+2 accepts instead
    [{ code: 'Digit2', altKey: true, shiftKey: true, ctrlKey: true }, -1],
    [{ code: 'KeyK', altKey: true, shiftKey: true }, -1], // the field switch
  ])('%o → %s', (init, expected) => {
    expect(readAloudIndex(new KeyboardEvent('keydown', init))).toBe(expected);
  });
});

describe('reading suggestions aloud in the typing loop', () => {
  it('Alt+Shift+digit reads a suggestion on display and keeps the key from the page; past the last, the key is the page’s', async () => {
    const { type, key, shown, field } = loopFixture(['hello', 'help', 'helmet']);
    await type('I say hel');
    expect(key({ code: 'Digit2', key: '@', altKey: true, shiftKey: true })).toBe(true);
    expect(key({ code: 'Digit0', key: ')', altKey: true, shiftKey: true })).toBe(true);
    expect(key({ code: 'Digit4', key: '$', altKey: true, shiftKey: true })).toBe(false);
    expect(shown.readAloud).toEqual([1, 'all']);
    expect(field.value).toBe('I say hel');
  });

  it('an accepted word is announced', async () => {
    const { type, key, shown, field } = loopFixture(['hello', 'help']);
    await type('I say hel');
    key({ code: 'Digit2', key: '2', altKey: true });
    expect(field.value).toBe('I say help ');
    expect(shown.announced).toEqual(['help']);
  });
});
