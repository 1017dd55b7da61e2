// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftTracker, fieldText } from '../../src/page/drafts';
import type { DraftParams } from '../../src/messaging/protocol';

describe('DraftTracker', () => {
  let sent: DraftParams[];
  let field: HTMLTextAreaElement;
  let tracker: DraftTracker;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    field = document.createElement('textarea');
    tracker = new DraftTracker((d) => sent.push(d), fieldText, 4000);
  });
  afterEach(() => vi.useRealTimers());

  it('sends one draft after a pause, not one per keystroke', () => {
    for (const ch of 'Hello there') { field.value += ch; tracker.typed(field); vi.advanceTimersByTime(100); }
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(4000);
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toBe('Hello there');
  });

  it('sends the final version under the same key when the field is left', () => {
    field.value = 'Draft one'; tracker.typed(field); vi.advanceTimersByTime(5000);
    field.value = 'Draft one, edited'; tracker.typed(field); tracker.commit(field);
    expect(sent.map((d) => d.text)).toEqual(['Draft one', 'Draft one, edited']);
    expect(sent[0].draftKey).toBe(sent[1].draftKey);
    tracker.commit(field);
    expect(sent).toHaveLength(2); // nothing new
  });

  it('leaving the page sends every draft before reading any field, from what was read after the last keystroke', () => {
    const reads: string[] = [];
    const order: string[] = [];
    const counting = new DraftTracker((d) => { order.push(`send ${d.text}`); sent.push(d); }, (f) => {
      reads.push((f as HTMLTextAreaElement).value);
      order.push('read');
      return fieldText(f);
    }, 4000, 250);
    const other = document.createElement('textarea');
    field.value = 'settled text'; counting.typed(field);
    vi.advanceTimersByTime(300); // read once, shortly after typing stopped
    expect(reads).toEqual(['settled text']);
    other.value = 'just typed'; counting.typed(other); // no time to read it yet
    order.length = 0;
    counting.commitAll();
    expect(order).toEqual(['send settled text', 'read', 'send just typed']);
    counting.commitAll();
    expect(sent).toHaveLength(2); // nothing left to send
  });

  it('typing after the snapshot makes the page-hide commit read the field again', () => {
    field.value = 'first'; tracker.typed(field);
    vi.advanceTimersByTime(300);
    field.value = 'first and more'; tracker.typed(field);
    tracker.commitAll();
    expect(sent.map((d) => d.text)).toEqual(['first and more']);
  });

  it('reports pasted text with the draft and keeps fields apart', () => {
    const other = document.createElement('textarea');
    field.value = 'mine PASTED'; tracker.pasted(field, 'PASTED'); tracker.typed(field);
    other.value = 'elsewhere'; tracker.typed(other);
    tracker.commitAll();
    expect(sent).toHaveLength(2);
    expect(sent[0].pasted).toEqual(['PASTED']);
    expect(sent[0].draftKey).not.toBe(sent[1].draftKey);
  });
});
