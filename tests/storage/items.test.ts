import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { followItem, lazyItem, watchItem, type WatchableItem } from '../../src/storage/items';

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

/** An item whose first read answers only when `answer` is called, to order a change before it. */
function slowItem(initial: string) {
  let listener: ((v: string) => void) | undefined;
  let answer!: () => void;
  const item: WatchableItem<string> = {
    getValue: () => new Promise((resolve) => { answer = () => resolve(initial); }),
    watch: (cb) => { listener = cb; return () => { listener = undefined; }; },
  };
  return { item, change: (v: string) => listener?.(v), answer: () => answer() };
}

describe('lazyItem', () => {
  it('defines the item on first use, once, and then behaves as it', async () => {
    const define = vi.fn(() => storage.defineItem<number>('local:lazyTest', { fallback: 7 }));
    const item = lazyItem(define);
    expect(define).not.toHaveBeenCalled();
    expect(await item.getValue()).toBe(7);
    await item.setValue(9);
    expect(await item.getValue()).toBe(9);
    expect(item.fallback).toBe(7);
    expect('watch' in item).toBe(true);
    expect(define).toHaveBeenCalledTimes(1);
  });

  it('importing the settings and site switches defines no item (the content script imports them on every page)', async () => {
    vi.resetModules();
    const fresh = (await import('wxt/utils/storage')).storage;
    const defineItem = vi.spyOn(fresh, 'defineItem');
    const settings = await import('../../src/storage/settings');
    await import('../../src/storage/site-switches');
    expect(defineItem).not.toHaveBeenCalled();
    await settings.readSettings();
    expect(defineItem).toHaveBeenCalledTimes(1);
  });
});

describe('watchItem', () => {
  it('gives the value now and after each change, normalized', async () => {
    const { item, change, answer } = slowItem('a');
    const seen: string[] = [];
    const stop = watchItem(item, (v) => String(v).toUpperCase(), (v) => seen.push(v));
    answer();
    await vi.waitFor(() => expect(seen).toEqual(['A']));
    change('b');
    stop();
    change('c');
    expect(seen).toEqual(['A', 'B']);
  });

  it('keeps a change seen before the first read answered (the read may be older)', async () => {
    const { item, change, answer } = slowItem('old');
    const seen: string[] = [];
    watchItem(item, String, (v) => seen.push(v));
    change('new');
    answer();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual(['new']);
  });
});

describe('followItem', () => {
  it('reads once, then follows changes without reading again', async () => {
    const { item, change, answer } = slowItem('first');
    const read = vi.spyOn(item, 'getValue');
    const current = followItem(item, String);
    const asked = current();
    answer();
    expect(await asked).toBe('first');
    change('second');
    expect(await current()).toBe('second');
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('a failed first read gives the fallback when there is one, else rejects each ask', async () => {
    const broken: WatchableItem<string> = { getValue: () => Promise.reject(new Error('storage gone')), watch: () => () => {} };
    expect(await followItem(broken, String, () => 'auto')()).toBe('auto');
    await expect(followItem(broken, String)()).rejects.toThrow('storage gone');
  });
});
