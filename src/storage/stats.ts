import { commit, shapeProblem, type DayStats, type InklingDatabase, type OnBadRecord } from './db';
import { addDays } from '../util/day';

export { addDays, dayOf } from '../util/day';

/** Daily usage counters, keyed by local day 'YYYY-MM-DD'. */

export type StatsDelta = Partial<Omit<DayStats, 'day'>>;

const COUNTERS = ['keystrokesSaved', 'suggestionsAccepted'] as const;
export const STATS_SHAPE = { day: 'string', keystrokesSaved: 'number', suggestionsAccepted: 'number' } as const;

function emptyDay(day: string): DayStats {
  return { day, keystrokesSaved: 0, suggestionsAccepted: 0 };
}

/** A stored day as the counters read it: only the counters there are (older records also had wordsTyped, never counted). */
function counted(stored: DayStats): DayStats {
  return { day: stored.day, keystrokesSaved: stored.keystrokesSaved, suggestionsAccepted: stored.suggestionsAccepted };
}

/** Adds `delta` to the counters of `day` (one transaction; a malformed stored day restarts at zero). */
export function addStats(db: InklingDatabase, day: string, delta: StatsDelta, onBadRecord?: OnBadRecord): Promise<DayStats> {
  const tx = db.transaction('stats', 'readwrite');
  return commit(tx, async () => {
    const stored = await tx.store.get(day);
    const problem = stored === undefined ? undefined : shapeProblem(stored, STATS_SHAPE);
    if (problem) onBadRecord?.(`stats: ${problem}`, day);
    const next = stored && !problem ? counted(stored) : emptyDay(day);
    for (const k of COUNTERS) next[k] += delta[k] ?? 0;
    await tx.store.put(next);
    return next;
  });
}

/** The `days` days ending with `today`, oldest first; days without records are zeros. */
export function recentStats(db: InklingDatabase, days: number, today: string, onBadRecord?: OnBadRecord): Promise<DayStats[]> {
  const wanted = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
  const tx = db.transaction('stats');
  return commit(tx, () =>
    Promise.all(
      wanted.map(async (day) => {
        const stored = await tx.store.get(day);
        const problem = stored === undefined ? undefined : shapeProblem(stored, STATS_SHAPE);
        if (problem) onBadRecord?.(`stats: ${problem}`, day);
        return stored && !problem ? counted(stored) : emptyDay(day);
      }),
    ),
  );
}
