import type { ModelLanguage } from '../messaging/protocol';
import { t } from './i18n';

/** Every model language's name: a language added to MODEL_LANGUAGES does not compile without one. */
const NAMES: Record<ModelLanguage, () => string> = {
  en: () => t('languageEn'),
  pt: () => t('languagePt'),
};

/** A model language's name in the UI's language ('en' → "English" / "Inglês"); other codes as they are. */
export function languageName(lang: string): string {
  return Object.hasOwn(NAMES, lang) ? NAMES[lang as ModelLanguage]() : lang;
}
