// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { loopFixture } from './loop-fixture';

describe('TypingLoop with corrections', () => {
  it('shows a correction from the reply, marked against what was typed, without ghost text', async () => {
    const { shown, type } = loopFixture(['receive', 'recieved']);
    await type('I will recie');
    expect(shown.last?.words).toEqual(['receive', 'recieved']);
    expect(shown.last?.typed).toBe('recie');
    expect(shown.last?.ghost).toBe(''); // the first one corrects, so nothing is drawn after the caret
  });

  it('accepting a correction puts the word in place of the typed letters', async () => {
    const { field, type, key } = loopFixture(['receive']);
    await type('I will recieve');
    key({ key: '1', code: 'Digit1', altKey: true });
    expect(field.value).toBe('I will receive ');
  });

  it('with the setting off, only completions of what was typed are shown', async () => {
    const { shown, type } = loopFixture(['receive', 'recieved'], { corrections: false });
    await type('I will recie');
    expect(shown.last?.words).toEqual(['recieved']);
    expect(shown.last?.ghost).toBe('ved');
  });
});
