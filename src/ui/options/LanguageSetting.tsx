import type { LanguageChoice } from '../../storage/settings';
import { MODEL_LANGUAGES } from '../../messaging/protocol';
import { t } from '../i18n';
import { languageName } from '../language-name';
import { Select } from '../Select';

export interface LanguageSettingProps {
  value: LanguageChoice;
  onChange(value: LanguageChoice): void;
}

/** Which language's model suggests: automatic (per field) or always one. */
export function LanguageSetting({ value, onChange }: LanguageSettingProps) {
  const options: { value: LanguageChoice; label: string }[] = [
    { value: 'auto', label: t('languageAuto') },
    ...MODEL_LANGUAGES.map((lang) => ({ value: lang, label: languageName(lang) })),
  ];
  return (
    <section aria-labelledby="language-title">
      <h2 id="language-title">{t('languageTitle')}</h2>
      <Select label={t('languageLabel')} value={value} options={options} onChange={onChange} />
      <p class="hint">{t('languageHint')}</p>
    </section>
  );
}
