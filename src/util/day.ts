/** Local calendar days as 'YYYY-MM-DD' (the usage counters' keys, the export file's name). */

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local calendar day of `now` (ms since epoch) as 'YYYY-MM-DD'. */
export function dayOf(now: number): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The day `offset` days after `day` (calendar arithmetic, no time zone involved). */
export function addDays(day: string, offset: number): string {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + offset));
  return d.toISOString().slice(0, 10);
}
