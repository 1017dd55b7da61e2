import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { UserVocabulary } from '../../src/background/user-vocabulary';
import { addWord, setBlocked } from '../../src/storage/vocabulary';
import { freshDB } from '../storage/helpers';

/** An engine that only records the words it is given. */
function recordingEngine() {
  const got = { added: [] as string[], blocked: new Set<string>() };
  const engine = {
    setUserWords: (w: readonly { word: string }[]) => { got.added = w.map((x) => x.word); },
    setBlockedWords: (w: ReadonlySet<string>) => { got.blocked = new Set(w); },
  } as unknown as Engine;
  return { engine, got };
}

describe('UserVocabulary', () => {
  it('gives each engine the added and the blocked words, and again after a change', async () => {
    const db = await freshDB();
    await addWord(db, { word: 'zorbulon', display: 'Zorbulon' }, 'en', 1);
    await setBlocked(db, 'darn', true, 1);
    const { engine, got } = recordingEngine();
    const problems: string[] = [];
    const vocabulary = new UserVocabulary(async () => db, () => [engine], (p) => problems.push(p));
    await vocabulary.giveTo(engine);
    expect(got.added).toEqual(['zorbulon']);
    expect([...got.blocked]).toEqual(['darn']);
    await setBlocked(db, 'heck', true, 2);
    vocabulary.refresh();
    await expect.poll(() => [...got.blocked].sort()).toEqual(['darn', 'heck']);
    expect(problems).toEqual([]);
  });

  it('fails closed: while the blocked words cannot be read, the predict handler\'s check rejects, and the engine is told none', async () => {
    const { engine, got } = recordingEngine();
    const problems: string[] = [];
    const vocabulary = new UserVocabulary(() => Promise.reject(new Error('disk gone')), () => [engine], (p) => problems.push(p));
    await vocabulary.giveTo(engine);
    expect(got.blocked.size).toBe(0);
    expect(problems).toContain('blocked words not loaded');
    await expect(vocabulary.blocked.filter(['darn'])).rejects.toThrow('disk gone');
  });
});
