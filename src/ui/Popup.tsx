import { setSiteOn, suggestEverywhere } from '../storage/site-switches';
import { useLiveSuggestions, useModelStatus, useSite, useSwitches, useTargetTab } from './hooks';
import { LiveSuggestions } from './LiveSuggestions';
import { ModelLine } from './ModelLine';
import { Switch } from './Switch';

/** The popup: live suggestions for the active tab, the two on/off switches, and the model in use. */
export function Popup() {
  const tabId = useTargetTab();
  const site = useSite(tabId);
  const live = useLiveSuggestions(tabId);
  const switches = useSwitches(site);
  const model = useModelStatus();
  return (
    <main>
      <h1>Inkling</h1>
      <LiveSuggestions live={live} />
      {switches && (
        <div class="switches">
          <Switch
            label="Suggest everywhere"
            checked={switches.everywhere}
            onChange={(on) => void suggestEverywhere.setValue(on)}
          />
          <Switch
            label={site ? `Suggest on ${site}` : 'Suggest on this site'}
            checked={switches.siteOn}
            disabled={site === null || !switches.everywhere}
            onChange={(on) => site && void setSiteOn(site, on)}
          />
        </div>
      )}
      <ModelLine status={model} />
    </main>
  );
}
