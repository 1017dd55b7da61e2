import { RETENTION_CHAR_CHOICES, RETENTION_DAY_CHOICES, type IncognitoBehaviour, type Settings } from '../../storage/settings';
import { formatNumber, t } from '../i18n';
import { Select } from '../Select';
import { Switch } from '../Switch';

export interface LearningSettingsProps {
  settings: Settings;
  onChange(change: Partial<Settings>): void;
}

/** Whether Inkling learns, how long and how much it keeps, and what it does in private windows. */
export function LearningSettings({ settings, onChange }: LearningSettingsProps) {
  const days = withCurrent(RETENTION_DAY_CHOICES, settings.retentionDays).map((d) => ({ value: d, label: t('retentionDaysChoice', formatNumber(d)) }));
  const sizes = withCurrent(RETENTION_CHAR_CHOICES, settings.retentionChars).map((c) => ({
    value: c,
    label: t('retentionCharsChoice', formatNumber(c)),
  }));
  const incognito: { value: IncognitoBehaviour; label: string }[] = [
    { value: 'suggest', label: t('incognitoSuggest') },
    { value: 'off', label: t('incognitoOff') },
  ];
  return (
    <section aria-labelledby="learning-title">
      <h2 id="learning-title">{t('learningTitle')}</h2>
      <Switch label={t('learningOn')} checked={settings.learning} onChange={(on) => onChange({ learning: on })} />
      <p class="hint">{t('learningHint')}</p>
      <Select label={t('retentionDays')} value={settings.retentionDays} options={days} onChange={(d) => onChange({ retentionDays: d })} />
      <Select label={t('retentionChars')} value={settings.retentionChars} options={sizes} onChange={(c) => onChange({ retentionChars: c })} />
      <Select label={t('incognito')} value={settings.incognito} options={incognito} onChange={(v) => onChange({ incognito: v })} />
      <p class="hint">{t('incognitoHint')}</p>
    </section>
  );
}

/** The choices, plus the stored value if it is not one of them (set by an import), in order. */
function withCurrent(choices: readonly number[], current: number): number[] {
  return choices.includes(current) ? [...choices] : [...choices, current].sort((a, b) => a - b);
}
