import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { Switch } from '../Switch';

export interface SiteSettingsProps {
  everywhere: boolean;
  /** host names where suggestions are off */
  sitesOff: readonly string[];
  onEverywhere(on: boolean): void;
  onSiteOn(site: string, on: boolean): void;
}

/** The host name in what the user typed ("https://mail.example.com/inbox" → "mail.example.com"), or null. */
export function hostFromInput(text: string): string | null {
  const trimmed = text.trim().toLowerCase();
  if (!trimmed) return null;
  try {
    const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`).hostname;
    return host.length <= 253 ? host : null;
  } catch {
    return null;
  }
}

/** Suggestions everywhere or not, and the sites where they are off. */
export function SiteSettings({ everywhere, sitesOff, onEverywhere, onSiteOn }: SiteSettingsProps) {
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState(false);
  const add = (e: Event) => {
    e.preventDefault();
    const host = hostFromInput(draft);
    setInvalid(host === null);
    if (host === null) return;
    onSiteOn(host, false);
    setDraft('');
  };
  return (
    <section aria-labelledby="sites-title">
      <h2 id="sites-title">{t('sitesTitle')}</h2>
      <Switch label={t('suggestEverywhere')} checked={everywhere} onChange={onEverywhere} />
      <h3 id="sites-off-title">{t('sitesOff')}</h3>
      {sitesOff.length === 0 ? (
        <p class="hint">{t('sitesOffNone')}</p>
      ) : (
        <ul class="rows" aria-labelledby="sites-off-title">
          {sitesOff.map((site) => (
            <li key={site}>
              <span>{site}</span>
              <button type="button" onClick={() => onSiteOn(site, true)} aria-label={t('siteTurnOnLabel', site)}>
                {t('siteTurnOn')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="inline" onSubmit={add}>
        <label>
          <span>{t('siteAdd')}</span>
          <input
            type="text"
            value={draft}
            placeholder="example.com"
            aria-invalid={invalid}
            aria-describedby={invalid ? 'site-invalid' : undefined}
            onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">{t('siteAddButton')}</button>
      </form>
      {invalid && <p id="site-invalid" class="error" role="alert">{t('siteInvalid')}</p>}
    </section>
  );
}
