import { describe, expect, it } from 'vitest';
import { ABNT2, CHANNEL, QWERTY, keyboardFor, typoVariants } from '../../src/model/typo-channel';

const variants = (typed: string, kb = QWERTY) => new Map(typoVariants(typed, kb).map((v) => [v.key, v.penalty]));

describe('typing channel', () => {
  it('knows the neighbouring keys of each layout (ç folds to c on ABNT2)', () => {
    expect(QWERTY.get('g')).toBe('bfhtvy');
    expect(QWERTY.get('q')).toBe('aw');
    expect(ABNT2.get('c')).toContain('l');
    expect(QWERTY.get('c')).not.toContain('l');
    expect(keyboardFor('pt-BR')).toBe(ABNT2);
    expect(keyboardFor('en')).toBe(QWERTY);
  });

  it('reaches what was meant by each kind of slip, with its penalty', () => {
    const v = variants('thw'), mean = [...QWERTY.values()].reduce((n, near) => n + near.length, 0) / QWERTY.size;
    expect(v.get('the')).toBeCloseTo(CHANNEL.neighbour * (mean / 4), 6); // w for e, one of e's four neighbours
    expect(variants('hte').get('the')).toBe(CHANNEL.swap * CHANNEL.first); // on the first letter
    expect(variants('thnk').get('think')).toBe(CHANNEL.omit); // i left out
    expect(variants('thhe').get('the')).toBe(CHANNEL.extra);  // h twice
    expect(variants('thre').get('the')).toBeCloseTo(CHANNEL.extra * (mean / 4), 6); // r beside the e after it
    expect(variants('thpe').get('the')).toBe(CHANNEL.strayExtra); // p is no neighbour of h or e
    expect(variants('ocasion').get('occasion')).toBe(CHANNEL.omit * CHANNEL.doubled);
  });

  it('gives each neighbour of a key with few neighbours more of the slip than each of a key with many', () => {
    // q has two neighbours (a, w), g six: w typed for q is three times as likely as f typed for g.
    expect(variants('awx').get('aqx')! / variants('afx').get('agx')!).toBeCloseTo(3, 6);
    expect(variants('awx').get('aqx')!).toBeGreaterThan(CHANNEL.neighbour);
    expect(variants('afx').get('agx')!).toBeLessThan(CHANNEL.neighbour);
  });

  it('leaves out what was typed, far keys, and prefixes too short to correct', () => {
    const v = variants('thw');
    expect(v.has('thw')).toBe(false);
    expect(v.has('thm')).toBe(false); // m is far from w
    expect(typoVariants('t', QWERTY)).toEqual([]);
    for (const penalty of v.values()) expect(penalty).toBeLessThan(1);
  });
});
