import { t } from './i18n';

export interface LoadFailedProps {
  /** the section's title, as shown when it loads */
  section: string;
  /** why it did not load (the background's own message) */
  error: string;
}

/** A section the background could not answer for: said, with why, instead of leaving a gap. */
export function LoadFailed({ section, error }: LoadFailedProps) {
  return <p class="error" role="alert">{t('couldNotLoad', section, error)}</p>;
}
