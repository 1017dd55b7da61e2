import type { LearningStatus } from '../messaging/protocol';
import { formatDate, formatNumber, t } from './i18n';

export interface LearningPanelProps {
  status: LearningStatus;
  /** personal words learned, if known */
  words: number | null;
  onPause(paused: boolean): void;
}

/** What learning is doing: samples waiting, words learned, last update, progress, pause/resume. */
export function LearningPanel({ status, words, onPause }: LearningPanelProps) {
  const learned = Math.max(0, status.samples - status.waiting);
  return (
    <section class="learning" aria-labelledby="learning-status-title">
      <h2 id="learning-status-title">{t('learningStatusTitle')}</h2>
      <p>
        {status.paused ? t('learningPaused') : status.learning ? t('learningRunning') : t('learningIdle')}
        {' · '}
        {t('learningWaiting', formatNumber(status.waiting))}
        {words !== null && ` · ${t('learningWords', formatNumber(words))}`}
      </p>
      {status.learning && !status.paused && (
        <progress max={Math.max(1, status.samples)} value={learned} aria-label={t('learningProgress', formatNumber(learned), formatNumber(status.samples))} />
      )}
      <p class="hint">{status.lastUpdate ? t('learningLastUpdate', formatDate(status.lastUpdate)) : t('learningNever')}</p>
      {status.problem && <p class="warning" role="status">{t('learningProblem', formatDate(status.problem.at))}</p>}
      <button type="button" onClick={() => onPause(!status.paused)}>{status.paused ? t('learningResume') : t('learningPause')}</button>
    </section>
  );
}
