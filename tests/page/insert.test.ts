// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { InsertionFailure } from '../../src/messaging/protocol';
import { classifyField } from '../../src/page/field';
import { insertSuggestion, refusesInsertion, watchInsertionFailures } from '../../src/page/insert';
import { textControlAdapter } from '../../src/page/text-control';

/** A textarea holding `typed` with the caret at its end; `onInput` is the page's own handling. */
function field(typed: string, onInput?: (area: HTMLTextAreaElement) => void) {
  const area = document.createElement('textarea');
  document.body.replaceChildren(area);
  area.value = typed;
  area.focus();
  area.setSelectionRange(typed.length, typed.length);
  if (onInput) area.addEventListener('input', () => onInput(area));
  const adapter = textControlAdapter(area, () => document.createElement('div').attachShadow({ mode: 'open' }));
  return { area, adapter };
}

/** Inserts "think " in place of "th" and waits for the check: the failure it reported, or null. */
async function acceptThink(adapter: ReturnType<typeof field>['adapter']): Promise<InsertionFailure | null> {
  let failure: InsertionFailure | null = null;
  let watched: InsertionFailure | null = null;
  const stop = watchInsertionFailures((f) => (watched = f));
  expect(insertSuggestion(adapter, { replace: 2, text: 'think ', stepsOver: '' }, { failed: (f) => (failure = f) })).toBe(true);
  // The check runs after the next frame; restoring takes one more task.
  await new Promise((done) => setTimeout(done, 100));
  stop();
  expect(watched).toEqual(failure);
  return failure;
}

describe('insertSuggestion', () => {
  it('replaces the typed letters and leaves a field that took them alone', async () => {
    const { area, adapter } = field('I would like to th');
    expect(await acceptThink(adapter)).toBeNull();
    expect(area.value).toBe('I would like to think ');
    expect(refusesInsertion(area)).toBe(false);
  });

  it('a field that swallows the insertion: the text stays as typed, and it gets nothing more', async () => {
    // A framework that draws the field from its own state, which only real keystrokes change.
    const { area, adapter } = field('I would like to th', (a) => (a.value = 'I would like to th'));
    expect(await acceptThink(adapter)).toEqual({ restored: true, strayWords: [] });
    expect(area.value).toBe('I would like to th');
    expect(refusesInsertion(area)).toBe(true);
    expect(classifyField(area)).toBeNull();
  });

  it('a field that mangles it: what the user typed is put back, and the debris is reported', async () => {
    const { area, adapter } = field('I would like to th', (a) => {
      if (a.value.endsWith('think ')) a.value = `${a.value.slice(0, -'think '.length)}thinkk`;
    });
    expect(await acceptThink(adapter)).toEqual({ restored: true, strayWords: ['thinkk'] });
    expect(area.value).toBe('I would like to th');
    expect(refusesInsertion(area)).toBe(true);
  });

  it('in a field longer than is read for the check, the mangled end is put back exactly', async () => {
    const long = `${Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ')} I would like to th`;
    const { area, adapter } = field(long, (a) => {
      if (a.value.endsWith('think ')) a.value = `${a.value.slice(0, -'think '.length)}thinkk`;
    });
    expect(long.length).toBeGreaterThan(25_000);
    expect(await acceptThink(adapter)).toEqual({ restored: true, strayWords: ['thinkk'] });
    expect(area.value).toBe(long);
  });

  it('steps over the space that follows once the insertion is in place, then says it landed', async () => {
    const { area, adapter } = field('I would like to th about it');
    area.setSelectionRange(18, 18);
    // happy-dom has no execCommand (and its setRangeText puts the caret at the end): do what the browser's does.
    const doc = document as { execCommand?: unknown };
    doc.execCommand = (_command: string, _ui: boolean, text: string) => {
      const [start, end] = [area.selectionStart!, area.selectionEnd!];
      area.value = area.value.slice(0, start) + text + area.value.slice(end);
      area.setSelectionRange(start + text.length, start + text.length);
      return true;
    };
    let landed = false;
    expect(insertSuggestion(adapter, { replace: 2, text: 'think', stepsOver: ' ' }, { landed: () => (landed = true), failed: () => {} })).toBe(true);
    delete doc.execCommand;
    expect(area.selectionStart).toBe(21);
    await new Promise((done) => setTimeout(done, 100));
    expect(landed).toBe(true);
    expect(area.value).toBe('I would like to think about it');
    expect(area.selectionStart).toBe(22);
  });

  it('a page that clears the field right after the insertion (a chat sending it) is left as it is', async () => {
    const { area, adapter } = field('I would like to th');
    let failure: InsertionFailure | null = null;
    expect(insertSuggestion(adapter, { replace: 2, text: 'think ', stepsOver: '' }, { failed: (f) => (failure = f) })).toBe(true);
    area.value = '';
    await new Promise((done) => setTimeout(done, 100));
    expect(area.value).toBe('');
    expect(failure).toBeNull();
    expect(refusesInsertion(area)).toBe(false);
  });

  it('a selection the page makes right after the insertion is left as it is', () => {
    const { area, adapter } = field('I would like to th');
    expect(insertSuggestion(adapter, { replace: 2, text: 'think ', stepsOver: '' }, { failed: () => {} })).toBe(true);
    // A script selects everything and replaces it: the check runs on its beforeinput, first.
    area.select();
    area.dispatchEvent(new InputEvent('beforeinput', { bubbles: true, inputType: 'insertText', data: '' }));
    expect([area.selectionStart, area.selectionEnd]).toEqual([0, 'I would like to think '.length]);
  });

  it('changes nothing when the letters to replace are not there', () => {
    const { area, adapter } = field('t');
    expect(insertSuggestion(adapter, { replace: 2, text: 'think ', stepsOver: '' }, { failed: () => {} })).toBe(false);
    expect(area.value).toBe('t');
  });
});
