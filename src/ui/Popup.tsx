import { browser } from 'wxt/browser';
import { asLanguageChoice, languageChoice } from '../storage/settings';
import { setSiteOn, suggestEverywhere } from '../storage/site-switches';
import { askBackground, type Ask } from './background-api';
import { useAnswer, useLearningStatus, useLiveSuggestions, useModelStatus, useSite, useSwitches, useTargetTab } from './hooks';
import { t } from './i18n';
import { KeystrokeChart } from './KeystrokeChart';
import { languageName } from './language-name';
import { LearningPanel } from './LearningPanel';
import { LiveSuggestions } from './LiveSuggestions';
import { LoadFailed } from './LoadFailed';
import { ModelLine } from './ModelLine';
import { useStoredItem } from './settings-hooks';
import { Switch } from './Switch';

export interface PopupProps {
  ask?: Ask;
}

/**
 * The popup: live suggestions for the active tab, the two on/off switches, the language in use,
 * learning, keystrokes saved this week, and the model.
 */
export function Popup({ ask = askBackground }: PopupProps) {
  const tabId = useTargetTab();
  const site = useSite(tabId);
  const live = useLiveSuggestions(tabId);
  const switches = useSwitches(site);
  const model = useModelStatus();
  const choice = useStoredItem(languageChoice, asLanguageChoice);
  const [learning, setPaused] = useLearningStatus(ask);
  const personal = useAnswer(ask, 'personalInfo', {});
  const week = useAnswer(ask, 'recentStats', { days: 7 });
  // The language of the latest suggestions; before any, the setting (or the model that would answer).
  const language = live?.lang ? languageName(live.lang) : choice && choice !== 'auto' ? languageName(choice) : t('languageAuto');

  return (
    <main>
      <header>
        <h1>Inkling</h1>
        <a
          href="/options.html"
          class="options-link"
          onClick={(e) => {
            e.preventDefault();
            void browser.runtime.openOptionsPage();
          }}
        >
          {t('openOptions')}
        </a>
      </header>
      <LiveSuggestions live={live} />
      {switches && (
        <div class="switches">
          <Switch label={t('suggestEverywhere')} checked={switches.everywhere} onChange={(on) => void suggestEverywhere.setValue(on)} />
          {/* With "everywhere" off this switch still works: it turns Inkling on for this site alone. */}
          <Switch
            label={site ? t('suggestOnSite', site) : t('suggestOnThisSite')}
            checked={switches.siteOn}
            disabled={site === null}
            onChange={(on) => site && void setSiteOn(site, on)}
          />
        </div>
      )}
      <p class="language">{t('languageInUse', language)}</p>
      {/* What the background could not answer is said, not left out. */}
      {learning && ('error' in learning
        ? <LoadFailed section={t('learningStatusTitle')} error={learning.error} />
        : <LearningPanel status={learning.value} words={personal && 'value' in personal ? personal.value.words : null} onPause={setPaused} />)}
      {personal && 'error' in personal && <LoadFailed section={t('learningStatusTitle')} error={personal.error} />}
      {week && ('error' in week ? <LoadFailed section={t('savedTitle')} error={week.error} /> : <KeystrokeChart days={week.value} />)}
      <ModelLine status={model} />
    </main>
  );
}
