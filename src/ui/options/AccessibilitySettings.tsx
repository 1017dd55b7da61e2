import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SCALE_CHOICES, type Settings } from '../../storage/settings';
import { formatNumber, t } from '../i18n';
import { Select } from '../Select';
import { Switch } from '../Switch';

export interface AccessibilitySettingsProps {
  settings: Settings;
  onChange(change: Partial<Settings>): void;
  /** Whether the device has a voice of its own; null while the browser is still listing them. */
  localVoice: boolean | null;
  /** The browser's shortcuts for Inkling's commands, as it reports them. */
  shortcuts: readonly { description: string; shortcut: string }[];
}

/** How suggestions are read and seen: their size, high contrast, speech, and the shortcuts. */
export function AccessibilitySettings({ settings, onChange, localVoice, shortcuts }: AccessibilitySettingsProps) {
  const sizes = SCALE_CHOICES.map((value) => ({ value, label: `${formatNumber(value)} %` }));
  return (
    <section aria-labelledby="accessibility-title">
      <h2 id="accessibility-title">{t('accessibilityTitle')}</h2>
      <Select label={t('suggestionScale')} value={settings.suggestionScale} options={sizes} onChange={(n) => onChange({ suggestionScale: n })} />
      <Switch label={t('highContrast')} checked={settings.highContrast} onChange={(on) => onChange({ highContrast: on })} />
      <p class="hint">{t('highContrastHint')}</p>
      <Switch label={t('speakSuggestions')} checked={settings.speakSuggestions} onChange={(on) => onChange({ speakSuggestions: on })} />
      <Switch label={t('speakAccepted')} checked={settings.speakAccepted} onChange={(on) => onChange({ speakAccepted: on })} />
      <p class="hint">{t('speechHint')}</p>
      {localVoice === false && <p class="error" role="status">{t('noLocalVoice')}</p>}
      {shortcuts.length > 0 && (
        <ul class="rows shortcuts">
          {shortcuts.map((s) => (
            <li key={s.description}>
              <span>{s.description}</span>
              {s.shortcut && <kbd>{s.shortcut}</kbd>}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">{t('shortcutsHint')}</p>
    </section>
  );
}

/** How long the browser gets to list its voices before "no local voice" is said. */
const VOICES_WAIT_MS = 1500;

/** Whether this device has a speech voice of its own (`localService`); null until known. */
export function useLocalVoice(synth: SpeechSynthesis | undefined = globalThis.speechSynthesis): boolean | null {
  const [local, setLocal] = useState<boolean | null>(null);
  useEffect(() => {
    if (!synth) return setLocal(false);
    const check = (final: boolean) => {
      const voices = synth.getVoices();
      if (voices.some((v) => v.localService)) setLocal(true);
      else if (final || voices.length > 0) setLocal(false);
    };
    const listed = () => check(false);
    check(false);
    synth.addEventListener('voiceschanged', listed);
    const timer = setTimeout(() => check(true), VOICES_WAIT_MS);
    return () => {
      clearTimeout(timer);
      synth.removeEventListener('voiceschanged', listed);
    };
  }, [synth]);
  return local;
}

/** Inkling's commands with their current shortcuts ('' when the user removed one). */
export function useShortcuts(): { description: string; shortcut: string }[] {
  const [shortcuts, setShortcuts] = useState<{ description: string; shortcut: string }[]>([]);
  useEffect(() => {
    const listed = async () => (await browser.commands.getAll()).filter((c) => c.description);
    // Where there is no commands API (a test's fake browser), no shortcuts are listed.
    listed().then((commands) => setShortcuts(commands.map((c) => ({ description: c.description!, shortcut: c.shortcut ?? '' }))), () => {});
  }, []);
  return shortcuts;
}
