import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { Switch } from '../Switch';

export interface SiteSettingsProps {
  everywhere: boolean;
  /** host names where suggestions are off (they apply while `everywhere` is on) */
  sitesOff: readonly string[];
  /** host names where suggestions are on (they apply while `everywhere` is off) */
  sitesOn: readonly string[];
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

/** The words of the site list that applies: sites turned off (everywhere on) or turned on (everywhere off). */
function listText(everywhere: boolean) {
  if (everywhere) {
    return {
      title: t('sitesOff'), none: t('sitesOffNone'), add: t('siteAdd'), addButton: t('siteAddButton'),
      remove: t('siteTurnOn'), removeLabel: (site: string) => t('siteTurnOnLabel', site),
    };
  }
  return {
    title: t('sitesOn'), none: t('sitesOnNone'), add: t('siteAddOn'), addButton: t('siteAddOnButton'),
    remove: t('siteTurnOff'), removeLabel: (site: string) => t('siteTurnOffLabel', site),
  };
}

/** Suggestions everywhere or not, and the sites that are the exception: off when everywhere, on when not. */
export function SiteSettings({ everywhere, sitesOff, sitesOn, onEverywhere, onSiteOn }: SiteSettingsProps) {
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState(false);
  const add = (e: Event) => {
    e.preventDefault();
    const host = hostFromInput(draft);
    setInvalid(host === null);
    if (host === null) return;
    onSiteOn(host, !everywhere);
    setDraft('');
  };
  const sites = everywhere ? sitesOff : sitesOn;
  const text = listText(everywhere);
  return (
    <section aria-labelledby="sites-title">
      <h2 id="sites-title">{t('sitesTitle')}</h2>
      <Switch label={t('suggestEverywhere')} checked={everywhere} onChange={onEverywhere} />
      <h3 id="sites-list-title">{text.title}</h3>
      {sites.length === 0 ? (
        <p class="hint">{text.none}</p>
      ) : (
        <ul class="rows" aria-labelledby="sites-list-title">
          {sites.map((site) => (
            <li key={site}>
              <span>{site}</span>
              <button type="button" onClick={() => onSiteOn(site, everywhere)} aria-label={text.removeLabel(site)}>
                {text.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="inline" onSubmit={add}>
        <label>
          <span>{text.add}</span>
          <input
            type="text"
            value={draft}
            placeholder="example.com"
            aria-invalid={invalid}
            aria-describedby={invalid ? 'site-invalid' : undefined}
            onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">{text.addButton}</button>
      </form>
      {invalid && <p id="site-invalid" class="error" role="alert">{t('siteInvalid')}</p>}
    </section>
  );
}
