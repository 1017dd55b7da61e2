import { MAX_SHOWN, MAX_START_AFTER, type AcceptKeys, type Settings } from '../../storage/settings';
import { t } from '../i18n';
import { Select } from '../Select';
import { Switch } from '../Switch';
import { AccessibilitySettings, useLocalVoice, useShortcuts } from './AccessibilitySettings';

export interface SuggestionSettingsProps {
  settings: Settings;
  onChange(change: Partial<Settings>): void;
}

const KEY_LABELS: [keyof AcceptKeys, () => string][] = [
  ['tab', () => t('acceptTab')],
  ['tabInInputs', () => t('acceptTabInInputs')],
  ['arrow', () => t('acceptArrow')],
  ['altDigits', () => t('acceptAltDigits')],
  ['click', () => t('acceptClick')],
  ['enter', () => t('acceptEnter')],
];

/**
 * How suggestions look and are accepted: how many, which keys, ghost text, space, when to start,
 * code fields; then how they are read and seen (size, contrast, speech, shortcuts).
 */
export function SuggestionSettings({ settings, onChange }: SuggestionSettingsProps) {
  const localVoice = useLocalVoice();
  const shortcuts = useShortcuts();
  const counts = Array.from({ length: MAX_SHOWN }, (_, i) => ({ value: i + 1, label: String(i + 1) }));
  const starts = Array.from({ length: MAX_START_AFTER + 1 }, (_, n) => ({
    value: n,
    label: n === 0 ? t('startAtWordStart') : n === 1 ? t('startAfterOneLetter') : t('startAfterLetters', n),
  }));
  return (
    <>
      <section aria-labelledby="suggestions-title">
        <h2 id="suggestions-title">{t('suggestionsTitle')}</h2>
        <Select label={t('suggestionCount')} value={settings.suggestionCount} options={counts} onChange={(n) => onChange({ suggestionCount: n })} />
        <fieldset>
          <legend>{t('acceptKeys')}</legend>
          {KEY_LABELS.map(([key, label]) => (
            <Switch
              key={key}
              label={label()}
              checked={settings.acceptKeys[key]}
              onChange={(on) => onChange({ acceptKeys: { ...settings.acceptKeys, [key]: on } })}
            />
          ))}
          <p class="hint">{t('acceptEnterHint')}</p>
        </fieldset>
        <Switch label={t('ghostText')} checked={settings.ghostText} onChange={(on) => onChange({ ghostText: on })} />
        <Switch label={t('phrases')} checked={settings.phrases} onChange={(on) => onChange({ phrases: on })} />
        <Switch label={t('corrections')} checked={settings.corrections} onChange={(on) => onChange({ corrections: on })} />
        <Switch label={t('autoSpace')} checked={settings.autoSpace} onChange={(on) => onChange({ autoSpace: on })} />
        <Select label={t('startSuggesting')} value={settings.startAfterLetters} options={starts} onChange={(n) => onChange({ startAfterLetters: n })} />
        <Switch label={t('codeFields')} checked={settings.codeFields} onChange={(on) => onChange({ codeFields: on })} />
        <p class="hint">{t('codeFieldsHint')}</p>
      </section>
      <AccessibilitySettings settings={settings} onChange={onChange} localVoice={localVoice} shortcuts={shortcuts} />
    </>
  );
}
