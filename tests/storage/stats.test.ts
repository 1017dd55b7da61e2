import { describe, expect, it } from 'vitest';
import { addDays, addStats, dayOf, recentStats } from '../../src/storage/stats';
import { badRecordLog, freshDB, putRaw } from './helpers';

describe('addDays / dayOf', () => {
  it.each([
    ['2025-03-01', -1, '2025-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-06-15', 0, '2025-06-15'],
    ['2025-06-15', -30, '2025-05-16'],
  ])('%s %+d days is %s', (day, offset, expected) => {
    expect(addDays(day, offset)).toBe(expected);
  });

  it('rejects a malformed day', () => {
    expect(() => addDays('2025-6-1', 1)).toThrow(RangeError);
  });

  it('gives the local calendar day', () => {
    expect(dayOf(new Date(2025, 0, 9, 23, 59).getTime())).toBe('2025-01-09');
  });
});

describe('addStats / recentStats', () => {
  it('adds deltas per day and lists recent days oldest first, zero-filled', async () => {
    const db = await freshDB();
    await addStats(db, '2025-01-30', { keystrokesSaved: 4 });
    await addStats(db, '2025-01-30', { suggestionsAccepted: 2 });
    expect(await addStats(db, '2025-02-01', { keystrokesSaved: 7 })).toEqual({ day: '2025-02-01', keystrokesSaved: 7, suggestionsAccepted: 0 });
    await addStats(db, '2025-01-01', { keystrokesSaved: 99 }); // outside the window
    expect(await recentStats(db, 3, '2025-02-01')).toEqual([
      { day: '2025-01-30', keystrokesSaved: 4, suggestionsAccepted: 2 },
      { day: '2025-01-31', keystrokesSaved: 0, suggestionsAccepted: 0 },
      { day: '2025-02-01', keystrokesSaved: 7, suggestionsAccepted: 0 },
    ]);
  });

  it('reads and rewrites an older day without its never-counted wordsTyped', async () => {
    const db = await freshDB();
    await db.put('stats', { day: '2025-01-30', keystrokesSaved: 4, suggestionsAccepted: 1, wordsTyped: 9 } as never);
    expect(await recentStats(db, 1, '2025-01-30')).toEqual([{ day: '2025-01-30', keystrokesSaved: 4, suggestionsAccepted: 1 }]);
    await addStats(db, '2025-01-30', { keystrokesSaved: 1 });
    expect(await db.get('stats', '2025-01-30')).toEqual({ day: '2025-01-30', keystrokesSaved: 5, suggestionsAccepted: 1 });
  });

  it('reports a malformed day and treats it as zeros', async () => {
    const db = await freshDB();
    await putRaw(db, 'stats', { day: '2025-01-02', keystrokesSaved: 'lots' });
    const log = badRecordLog();
    expect((await recentStats(db, 1, '2025-01-02', log.onBadRecord))[0]!.keystrokesSaved).toBe(0);
    expect((await addStats(db, '2025-01-02', { keystrokesSaved: 1 }, log.onBadRecord)).keystrokesSaved).toBe(1);
    expect(log.reports.map(([r, k]) => [r, k])).toEqual([
      ['stats: field "keystrokesSaved" is not number', '2025-01-02'],
      ['stats: field "keystrokesSaved" is not number', '2025-01-02'],
    ]);
  });
});
