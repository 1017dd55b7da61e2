import type { DayStats } from '../messaging/protocol';
import { formatNumber, t, uiLocale } from './i18n';

export interface KeystrokeChartProps {
  /** Consecutive days, oldest first, today last. */
  days: readonly DayStats[];
}

const WIDTH = 196;
const HEIGHT = 48;
const GAP = 4;

/** The short weekday of a 'YYYY-MM-DD' day, in the UI's language. */
function weekday(day: string): string {
  return new Intl.DateTimeFormat(uiLocale(), { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

/** Keystrokes saved today and over the days given, with one bar per day (plain SVG). */
export function KeystrokeChart({ days }: KeystrokeChartProps) {
  const today = days.at(-1)?.keystrokesSaved ?? 0;
  const total = days.reduce((sum, d) => sum + d.keystrokesSaved, 0);
  const max = Math.max(1, ...days.map((d) => d.keystrokesSaved));
  const barWidth = (WIDTH - GAP * (days.length - 1)) / Math.max(1, days.length);
  const summary = t('savedSummary', formatNumber(today), formatNumber(total), days.length);
  return (
    <section class="saved" aria-labelledby="saved-title">
      <h2 id="saved-title">{t('savedTitle')}</h2>
      <p class="figures">
        <span><strong>{formatNumber(today)}</strong> {t('savedToday')}</span>
        <span><strong>{formatNumber(total)}</strong> {t('savedWeek', days.length)}</span>
      </p>
      <svg class="chart" role="img" aria-label={summary} viewBox={`0 0 ${WIDTH} ${HEIGHT + 12}`} width={WIDTH} height={HEIGHT + 12}>
        {days.map((d, i) => {
          const h = Math.round((d.keystrokesSaved / max) * HEIGHT);
          const x = i * (barWidth + GAP);
          return (
            <g key={d.day}>
              <title>{`${weekday(d.day)}: ${formatNumber(d.keystrokesSaved)}`}</title>
              <rect class={i === days.length - 1 ? 'bar today' : 'bar'} x={x} y={HEIGHT - Math.max(h, 1)} width={barWidth} height={Math.max(h, 1)} rx={2} />
              <text x={x + barWidth / 2} y={HEIGHT + 10} text-anchor="middle">{weekday(d.day).slice(0, 3)}</text>
            </g>
          );
        })}
      </svg>
    </section>
  );
}
