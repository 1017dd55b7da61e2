// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { langTagOf } from '../../src/page/lang';

describe('langTagOf', () => {
  it('reads the nearest lang, crossing open shadow roots, and stops at lang=""', () => {
    document.documentElement.setAttribute('lang', 'en');
    document.body.innerHTML = '<div lang="pt-BR"><textarea id="a"></textarea></div><div lang=""><input id="b"></div><div id="host"></div><input id="c">';
    expect(langTagOf(document.getElementById('a')!)).toBe('pt-BR');
    expect(langTagOf(document.getElementById('b')!)).toBeUndefined();
    expect(langTagOf(document.getElementById('c')!)).toBe('en');
    const host = document.getElementById('host')!;
    host.setAttribute('lang', 'pt');
    const inner = host.attachShadow({ mode: 'open' });
    inner.innerHTML = '<textarea></textarea>';
    expect(langTagOf(inner.querySelector('textarea')!)).toBe('pt');
  });
});
