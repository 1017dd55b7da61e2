import { describe, expect, it } from 'vitest';
import { listCheckpoints, writeCheckpoint } from '../../src/storage/checkpoints';
import { sampleOrigins, sampleTotals, upsertDraft } from '../../src/storage/samples';
import { freshDB } from './helpers';

const draft = (draftKey: string, text: string, origin: string) => ({ draftKey, text, lang: 'en', origin, now: 1000 });

describe('what the options page reads', () => {
  it('sampleOrigins counts samples per site; sampleTotals counts them and their characters', async () => {
    const db = await freshDB();
    await upsertDraft(db, draft('a', 'one two three', 'https://b.example'));
    await upsertDraft(db, draft('b', 'four five', 'https://a.example'));
    await upsertDraft(db, draft('c', 'six', 'https://b.example'));
    expect(await sampleOrigins(db)).toEqual([{ origin: 'https://a.example', count: 1 }, { origin: 'https://b.example', count: 2 }]);
    expect(await sampleTotals(db)).toEqual({ count: 3, chars: 13 + 9 + 3 });
  });

  it('listCheckpoints gives sizes without bytes', async () => {
    const db = await freshDB();
    await writeCheckpoint(db, 'personal-en', new Uint8Array(10), 5);
    await writeCheckpoint(db, 'personal-en', new Uint8Array(12), 6);
    await writeCheckpoint(db, 'personal-pt', new Uint8Array(3), 7);
    expect(await listCheckpoints(db)).toEqual([
      { name: 'personal-en', version: 2, bytes: 12, createdAt: 6 },
      { name: 'personal-pt', version: 1, bytes: 3, createdAt: 7 },
    ]);
  });
});
