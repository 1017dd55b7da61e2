import { describe, expect, it } from 'vitest';
import { evaluate, typingKeys } from '../../scripts/eval/metrics';

describe('typingKeys (KSR@3 of METRICS.md)', () => {
  it('charges the letters typed before a word is suggested plus one to accept it, which takes the space after it', async () => {
    // "the" suggested at once (1 key, its space taken), "cat" never (3 + its space), "sat" after "s" (2), then "." typed.
    const at = [0, -1, 1];
    let i = 0;
    expect(await typingKeys('the cat sat.', () => at[i++])).toBe(1 + 3 + 1 + 2 + 1);
    // Nothing suggested: every character is typed, counted in code points ("é" once, "𝔸" once).
    expect(await typingKeys('café 𝔸b', () => -1)).toBe([...'café 𝔸b'].length);
  });

  it('gives evaluate the same count: a predictor that knows each word after its first letter saves all but two keys a word', async () => {
    const doc = 'alpha beta gamma';
    const r = await evaluate((context, prefix) => {
      const next = doc.slice(context.length).split(' ')[0];
      return prefix ? [next] : ['x'];
    }, [doc]);
    // each word: 1 letter + 1 to accept (the space is taken); the last has no space after it
    expect(r.ksr).toBeCloseTo(1 - 6 / doc.length);
    expect(r.top1).toBe(0);
  });
});
