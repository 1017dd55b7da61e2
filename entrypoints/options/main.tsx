import { render } from 'preact';
import { browser } from 'wxt/browser';
import { t, uiLocale } from '../../src/ui/i18n';
import { OptionsPage } from '../../src/ui/options/OptionsPage';

document.documentElement.lang = uiLocale();
document.title = t('optionsTitle');
render(<OptionsPage version={browser.runtime.getManifest().version} />, document.getElementById('app')!);
