import { useState } from 'preact/hooks';
import { asLanguageChoice, languageChoice } from '../../storage/settings';
import { setSiteOn, sitesTurnedOff, sitesTurnedOn, suggestEverywhere } from '../../storage/site-switches';
import { askBackground, type Ask } from '../background-api';
import { t } from '../i18n';
import { useSettings, useStoredItem } from '../settings-hooks';
import { BackupControls } from './BackupControls';
import { DeleteEverything } from './DeleteEverything';
import { LanguageSetting } from './LanguageSetting';
import { LearningSettings } from './LearningSettings';
import { ModelInfoPanel } from './ModelInfoPanel';
import { SampleViewer } from './SampleViewer';
import { SiteSettings } from './SiteSettings';
import { SuggestionSettings } from './SuggestionSettings';
import { VocabularyEditor } from './VocabularyEditor';

export interface OptionsPageProps {
  ask?: Ask;
  version: string;
}

/** The options page: every setting, then everything stored about the user, then the model. */
export function OptionsPage({ ask = askBackground, version }: OptionsPageProps) {
  const [settings, change] = useSettings();
  const everywhere = useStoredItem(suggestEverywhere);
  const sitesOff = useStoredItem(sitesTurnedOff);
  const sitesOn = useStoredItem(sitesTurnedOn);
  const language = useStoredItem(languageChoice, asLanguageChoice);
  // Bumped when an import, a deletion or "delete everything" changed the stored data: the lists reload.
  const [dataVersion, setDataVersion] = useState(0);
  const dataChanged = () => setDataVersion((n) => n + 1);

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      {settings && <SuggestionSettings settings={settings} onChange={change} />}
      {everywhere !== null && sitesOff !== null && sitesOn !== null && (
        <SiteSettings
          everywhere={everywhere}
          sitesOff={sitesOff}
          sitesOn={sitesOn}
          onEverywhere={(on) => void suggestEverywhere.setValue(on)}
          onSiteOn={(site, on) => void setSiteOn(site, on)}
        />
      )}
      {language !== null && <LanguageSetting value={language} onChange={(v) => void languageChoice.setValue(v)} />}
      {settings && <LearningSettings settings={settings} onChange={change} />}
      <section aria-labelledby="data-title" class="data">
        <h2 id="data-title">{t('dataTitle')}</h2>
        <SampleViewer ask={ask} version={dataVersion} onDeleted={dataChanged} />
        <VocabularyEditor ask={ask} version={dataVersion} />
        <BackupControls ask={ask} onImported={dataChanged} />
        <DeleteEverything ask={ask} onDeleted={dataChanged} />
      </section>
      <ModelInfoPanel ask={ask} version={version} dataVersion={dataVersion} />
    </main>
  );
}
