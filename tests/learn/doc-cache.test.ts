import { describe, expect, it } from 'vitest';
import { DocCache } from '../../src/learn/personal-cache';
import { mulberry32 } from '../../src/model/random';
import { boundContext } from '../../src/page/word';

const WORDS = ['the', 'budget', 'Quorvath', 'review', 'in', 'March', 'we', 'should', 'wait', 'naïve', "don't", 'plan'];

/** A seeded document of `n` words with some punctuation and line breaks. */
function documentOf(n: number, seed: number): string[] {
  const r = mulberry32(seed), out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = r();
    out.push(WORDS[Math.floor(r() * WORDS.length)] + (p < 0.08 ? '. ' : p < 0.12 ? ', ' : p < 0.14 ? '\n' : p < 0.16 ? ' (' : ' '));
  }
  return out;
}

/** What a cache holds, comparable. */
function state(c: DocCache) {
  const sorted = <T>(m: Map<string, T>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { words: c.words, last: c.last, counts: sorted(c.counts), pairs: sorted(c.pairs).map(([k, r]) => [k, sorted(r)]), pairTotal: c.pairTotal };
}

describe('DocCache', () => {
  it('built word by word equals one built from scratch, before and after the text outgrows its window', () => {
    const pieces = documentOf(1200, 7), growing = new DocCache();
    let text = '', past = 0;
    for (const p of pieces) {
      text += p;
      growing.update(text);
      if (text.length > 2000) past++;
      expect(state(growing)).toEqual(state(new DocCache().update(text)));
    }
    expect(past).toBeGreaterThan(500);
    // The window: about 2,000 characters' worth of words, not the whole document.
    expect(growing.words).toBeLessThan(400);
  });

  it('follows a context that is itself a sliding window (a long field) and one that shrinks', () => {
    const pieces = documentOf(900, 3), c = new DocCache();
    let text = '';
    for (const [i, p] of pieces.entries()) {
      text += p;
      const context = i % 7 === 3 ? text.slice(0, -3) : text.slice(-2000);
      c.update(context);
      expect(state(c)).toEqual(state(new DocCache().update(context)));
    }
  });

  it('scores the window: a word written only before it no longer counts', () => {
    const c = new DocCache(), early = 'Zorbulon ' + 'the plan '.repeat(300) + 'we wait now ';
    c.update('Zorbulon ');
    expect(c.p('zorbulon')).toBe(0); // the last word is never its own echo
    c.update(early);
    expect(c.p('zorbulon')).toBe(0);
    expect(c.counts.has('zorbulon')).toBe(false);
    expect(c.p('the')).toBeGreaterThan(0);
  });

  it('gives none of its probability to the last three words written, all of it back from the fourth', () => {
    const c = new DocCache().update('plan budget review march wait ');
    expect(c.words).toBe(5);
    for (const key of ['review', 'march', 'wait']) expect(c.p(key)).toBe(0);
    expect(c.p('plan')).toBeCloseTo(1 / 5);
    expect(c.p('budget')).toBeCloseTo(1 / 5);
    // One more word and "review" is four back: likely again.
    c.update('plan budget review march wait soon ');
    expect(c.p('review')).toBeCloseTo(1 / 6);
    expect(c.p('march')).toBe(0);
  });

  it('counted on from a changed context (a word retyped, the look-ahead after it) equals one built from scratch', () => {
    const pieces = documentOf(260, 11), c = new DocCache(), r = mulberry32(5);
    let text = '';
    for (const p of pieces) {
      text += p;
      // The field as typed, then its look-ahead ("… word "), then the field with a word cut short or changed.
      const [word] = p.split(/[\s.,(]/u);
      const variants = [text, `${text.trimEnd()} `, text.slice(0, Math.max(0, text.length - 1 - Math.floor(r() * 6))), `${text}${word}s `];
      for (const context of variants) {
        c.update(context);
        expect(state(c)).toEqual(state(new DocCache().update(context)));
      }
    }
    expect(text.length).toBeLessThan(2000);
  });

  it('counts on in a long field, whose context starts later as it grows, with the look-ahead beside it, without reading the window again', () => {
    const pieces = documentOf(1400, 13), c = new DocCache();
    let text = '', updates = 0, over = 0;
    for (const p of pieces) {
      text += p;
      const [word] = p.split(/[\s.,(]/u);
      // As the content script sends them (the last 2,000 characters from a space), and the engine's
      // look-ahead after the word (which can pass 2,000), then a letter of the next word typed.
      const field = boundContext(text, 2000);
      for (const context of [field, `${field}${word} `, boundContext(`${text}${word[0]}`, 2000).slice(0, -1)]) {
        c.update(context);
        updates++;
        if (context.length > 2000) over++;
        expect(state(c)).toEqual(state(new DocCache().update(context)));
      }
    }
    expect(text.length).toBeGreaterThan(6000);
    expect(over).toBeGreaterThan(100);
    // Rebuilt at each update, it would read about 2,000 characters each time.
    expect(c.charsRead / updates).toBeLessThan(60);
  });
});
