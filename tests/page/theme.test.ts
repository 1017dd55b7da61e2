// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isDarkBehind, luminance, parseRgb } from '../../src/page/theme';

describe('parseRgb', () => {
  it.each([
    ['rgb(255, 255, 255)', { r: 255, g: 255, b: 255, a: 1 }],
    ['rgba(0, 0, 0, 0)', { r: 0, g: 0, b: 0, a: 0 }],
    ['rgb(10 20 30 / 50%)', { r: 10, g: 20, b: 30, a: 0.5 }],
    ['transparent', null],
  ])('%s', (color, expected) => {
    expect(parseRgb(color)).toEqual(expected);
  });
});

describe('isDarkBehind', () => {
  it('finds the first opaque background up the tree', () => {
    document.body.innerHTML = '<div id="dark" style="background-color: rgb(20, 22, 26)"><div><textarea id="a"></textarea></div></div><div style="background-color: rgb(250, 250, 250)"><textarea id="b"></textarea></div>';
    expect(isDarkBehind(document.getElementById('a')!, window)).toBe(true);
    expect(isDarkBehind(document.getElementById('b')!, window)).toBe(false);
  });

  it('orders colours by luminance', () => {
    expect(luminance({ r: 0, g: 0, b: 0 })).toBe(0);
    expect(luminance({ r: 255, g: 255, b: 255 })).toBeCloseTo(1);
  });
});
