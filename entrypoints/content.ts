import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '../src/page/start';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: { chrome: true, edge: true },
  runAt: 'document_idle',
  main: (ctx) => startContentScript(ctx),
});
