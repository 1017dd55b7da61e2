import { t } from './i18n';

/** A model language's name in the UI's language ('en' → "English" / "Inglês"); other codes as they are. */
export function languageName(lang: string): string {
  if (lang === 'en') return t('languageEn');
  if (lang === 'pt') return t('languagePt');
  return lang;
}
