import { describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../../scripts/corpus/english';
import { formatDocuments, removeEvalOverlap, seededShuffle, splitHeldOut } from '../../scripts/corpus/split';

const doc = (id: string, paragraphs: string[]): CorpusDocument => ({ source: 'mail', id, paragraphs });
const LONG = 'this evaluation paragraph has more than twelve words in it so it is searched inside others';

describe('removeEvalOverlap', () => {
  it.each([
    { name: 'removes an exact match', paragraphs: ['Thanks, that works.', 'Kept here.'], kept: ['Kept here.'], removed: 1 },
    { name: 'removes a paragraph containing a long eval paragraph', paragraphs: [`Yes: ${LONG}.`, 'Kept here.'], kept: ['Kept here.'], removed: 1 },
    { name: 'keeps a paragraph that only contains a short eval paragraph', paragraphs: ['Thanks, that works. Really.'], kept: ['Thanks, that works. Really.'], removed: 0 },
  ])('$name', ({ paragraphs, kept, removed }) => {
    const docs = [doc('1', paragraphs)];
    const result = removeEvalOverlap(docs, ['Thanks, that works.', LONG]);
    expect(docs[0].paragraphs).toEqual(kept);
    expect(result.removed).toBe(removed);
  });
});

describe('splitHeldOut', () => {
  it('is deterministic, disjoint and near the requested fraction', () => {
    const docs = Array.from({ length: 2000 }, (_, i) => doc(String(i), ['p']));
    const a = splitHeldOut(docs, 0.05, 1);
    const b = splitHeldOut(docs, 0.05, 1);
    expect(a.held.map((d) => d.id)).toEqual(b.held.map((d) => d.id));
    expect(a.held.length + a.kept.length).toBe(docs.length);
    expect(a.held.length).toBeGreaterThan(60);
    expect(a.held.length).toBeLessThan(140);
  });
});

describe('seededShuffle', () => {
  it('is a deterministic permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = seededShuffle(items, 7);
    expect(a).toEqual(seededShuffle(items, 7));
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(a).not.toEqual(items);
  });
});

describe('formatDocuments', () => {
  it('writes one paragraph per line and a blank line after each document', () => {
    expect(formatDocuments([doc('1', ['a b', 'c d']), doc('2', []), doc('3', ['e f'])])).toBe('a b\nc d\n\ne f\n\n');
  });
});
