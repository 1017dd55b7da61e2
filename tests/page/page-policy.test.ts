import { describe, expect, it } from 'vitest';
import { pagePolicy } from '../../src/page/page-policy';

describe('pagePolicy', () => {
  it.each([
    // siteOn, learning, incognito setting, private window → suggest, learn
    [true, true, 'suggest', false, true, true],
    [true, false, 'suggest', false, true, false],
    [false, true, 'suggest', false, false, false],
    [true, true, 'suggest', true, true, false],
    [true, true, 'off', true, false, false],
    [true, true, 'off', false, true, true],
  ] as const)('site on %s, learning %s, private windows “%s”, private %s → suggest %s, learn %s', (siteOn, learning, mode, incognito, suggest, learn) => {
    expect(pagePolicy(siteOn, { learning, incognito: mode }, incognito)).toEqual({ suggest, learn });
  });
});
