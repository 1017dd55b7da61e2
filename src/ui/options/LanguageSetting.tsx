import type { LanguageChoice } from '../../storage/settings';
import { t } from '../i18n';
import { Select } from '../Select';

export interface LanguageSettingProps {
  value: LanguageChoice;
  onChange(value: LanguageChoice): void;
}

/** Which language's model suggests: automatic (per field) or always one. */
export function LanguageSetting({ value, onChange }: LanguageSettingProps) {
  const options: { value: LanguageChoice; label: string }[] = [
    { value: 'auto', label: t('languageAuto') },
    { value: 'en', label: t('languageEn') },
    { value: 'pt', label: t('languagePt') },
  ];
  return (
    <section aria-labelledby="language-title">
      <h2 id="language-title">{t('languageTitle')}</h2>
      <Select label={t('languageLabel')} value={value} options={options} onChange={onChange} />
      <p class="hint">{t('languageHint')}</p>
    </section>
  );
}
