import { describe, expect, it } from 'vitest';
import { siteOf } from '../../src/page/site';

const frame = (hostname: string, extra: object = {}) => {
  const win = { location: { hostname, ...extra }, top: null as unknown };
  win.top = win;
  return win as unknown as Window;
};

describe('siteOf', () => {
  it('is the top page’s host, also inside iframes', () => {
    expect(siteOf(frame('example.com'))).toBe('example.com');
    const ancestorOrigins = Object.assign(['https://mail.example.org'], { contains: () => false, item: () => null });
    expect(siteOf(frame('editor.cdn.net', { ancestorOrigins }))).toBe('mail.example.org');
  });

  it('falls back to its own host when the top page cannot be read', () => {
    const win = { location: { hostname: 'inner.net' }, get top(): Window { return { get location(): Location { throw new Error('cross-origin'); } } as Window; } };
    expect(siteOf(win as unknown as Window)).toBe('inner.net');
  });
});
