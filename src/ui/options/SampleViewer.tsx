import { useEffect, useState } from 'preact/hooks';
import type { SampleList } from '../../messaging/protocol';
import type { Ask } from '../background-api';
import { errorText } from '../background-api';
import { formatDate, formatNumber, t } from '../i18n';

export interface SampleViewerProps {
  ask: Ask;
  /** Changes whenever stored data may have changed elsewhere on the page (import, delete everything). */
  version?: number;
  /** Samples were deleted: what they taught is gone too, so other lists (the vocabulary) reload. */
  onDeleted?(): void;
}

/** The writing samples Inkling keeps: search, filter by site, delete one, delete a site's. */
export function SampleViewer({ ask, version = 0, onDeleted }: SampleViewerProps) {
  const [search, setSearch] = useState('');
  const [origin, setOrigin] = useState('');
  const [list, setList] = useState<SampleList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmSite, setConfirmSite] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let current = true;
    ask('listSamples', { search, ...(origin ? { origin } : {}) }).then(
      (result) => current && (setList(result), setError(null)),
      (e: unknown) => current && setError(errorText(e)),
    );
    return () => { current = false; };
  }, [ask, search, origin, reload, version]);

  const run = (work: Promise<unknown>) =>
    work.then(() => { setReload((n) => n + 1); onDeleted?.(); }, (e: unknown) => setError(errorText(e)));
  const siteCount = list?.origins.find((o) => o.origin === origin)?.count ?? 0;

  return (
    <section aria-labelledby="samples-title">
      <h3 id="samples-title">{t('samplesTitle')}</h3>
      <p class="hint">{t('samplesHint')}</p>
      <div class="filters">
        <label>
          <span>{t('samplesSearch')}</span>
          <input type="search" value={search} onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          <span>{t('samplesSite')}</span>
          <select value={origin} onChange={(e) => { setOrigin((e.currentTarget as HTMLSelectElement).value); setConfirmSite(false); }}>
            <option value="">{t('samplesAllSites')}</option>
            {list?.origins.map((o) => (
              <option key={o.origin} value={o.origin}>{`${o.origin} (${formatNumber(o.count)})`}</option>
            ))}
          </select>
        </label>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {origin && siteCount > 0 && (
        confirmSite ? (
          <div class="confirm" role="group" aria-label={t('samplesDeleteSiteConfirm', formatNumber(siteCount), origin)}>
            <p>{t('samplesDeleteSiteConfirm', formatNumber(siteCount), origin)}</p>
            <button type="button" class="danger" onClick={() => { setConfirmSite(false); void run(ask('deleteSiteSamples', { origin }).then(() => setOrigin(''))); }}>
              {t('delete')}
            </button>
            <button type="button" onClick={() => setConfirmSite(false)}>{t('cancel')}</button>
          </div>
        ) : (
          <button type="button" class="danger" onClick={() => setConfirmSite(true)}>
            {t('samplesDeleteSite', formatNumber(siteCount), origin)}
          </button>
        )
      )}
      {list && (
        <p class="hint" aria-live="polite">
          {list.matching === list.samples.length
            ? t('samplesCount', formatNumber(list.matching))
            : t('samplesCountLimited', formatNumber(list.samples.length), formatNumber(list.matching))}
        </p>
      )}
      <ul class="samples">
        {list?.samples.map((s) => (
          <li key={s.id}>
            <p class="sample-text">{s.text}</p>
            <p class="meta">
              <span>{s.origin}</span> · <span>{formatDate(s.updatedAt)}</span> · <span>{s.learned ? t('sampleLearned') : t('sampleWaiting')}</span>
            </p>
            <button type="button" onClick={() => void run(ask('deleteSample', { id: s.id }))} aria-label={t('sampleDeleteLabel', s.origin, formatDate(s.updatedAt))}>
              {t('delete')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
