import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { callBackground } from '../messaging/client';
import { LIVE_PORT, type LearningStatus, type LiveSuggestions, type ModelInfo, type ParamsOf, type ProtocolMap, type Request, type ResultOf } from '../messaging/protocol';
import { errorText, type Ask } from './background-api';
import { isOnFor, watchSiteSwitches, type SiteSwitches } from '../storage/site-switches';

/** The tab the popup is about: `?tab=ID` when opened as a page (tests), else the active tab. */
export function useTargetTab(search = location.search): number | null {
  const [tabId, setTabId] = useState<number | null>(null);
  useEffect(() => {
    const fromUrl = Number(new URLSearchParams(search).get('tab'));
    if (Number.isInteger(fromUrl) && fromUrl > 0) return setTabId(fromUrl);
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => setTabId(tab?.id ?? null));
  }, [search]);
  return tabId;
}

/** The site of the tab's top page, as its content script reports it (null where none runs). */
export function useSite(tabId: number | null): string | null {
  const [site, setSite] = useState<string | null>(null);
  useEffect(() => {
    if (tabId === null) return;
    const send = (request: Request) => browser.tabs.sendMessage(tabId, request, { frameId: 0 });
    callBackground(send, 'pageSite', {}).then(
      ({ site }) => setSite(site || null),
      () => setSite(null), // no content script there (browser pages, the store): nothing to switch
    );
  }, [tabId]);
  return site;
}

/** The latest suggestions in a tab, pushed by the background while the popup is open. */
export function useLiveSuggestions(tabId: number | null): LiveSuggestions | null {
  const [live, setLive] = useState<LiveSuggestions | null>(null);
  useEffect(() => {
    if (tabId === null) return;
    const port = browser.runtime.connect({ name: LIVE_PORT });
    port.onMessage.addListener((message: unknown) => setLive(message as LiveSuggestions));
    port.postMessage({ tabId });
    return () => port.disconnect();
  }, [tabId]);
  return live;
}

export interface Switches {
  everywhere: boolean;
  siteOn: boolean;
}

/**
 * Both switches, kept in step with storage (changes made elsewhere show up at once). With
 * "suggest everywhere" off, `siteOn` tells whether the site is on the allow list.
 */
export function useSwitches(site: string | null): Switches | null {
  const [values, setValues] = useState<SiteSwitches | null>(null);
  useEffect(() => watchSiteSwitches(setValues), []);
  if (!values) return null;
  const { everywhere, off, on } = values;
  return { everywhere, siteOn: site === null ? everywhere : isOnFor(site, everywhere, off, on) };
}

export type ModelStatus = { info: ModelInfo } | { error: string } | null;

/** Which model answers, or why none does (loading it if needed): errors are shown, not swallowed. */
export function useModelStatus(): ModelStatus {
  const [status, setStatus] = useState<ModelStatus>(null);
  useEffect(() => {
    const send = (request: Request) => browser.runtime.sendMessage(request);
    callBackground(send, 'modelInfo', {}).then((info) => setStatus({ info }), (error: unknown) => setStatus(failed(error)));
  }, []);
  return status;
}

/** An answer of the background: null until it comes, then its value or why it could not be had. */
export type Answer<T> = { value: T } | { error: string } | null;

const failed = (error: unknown): { error: string } => ({ error: errorText(error) });

/**
 * Learning status, asked again every `everyMs` while the popup is open (a progress bar moves).
 * A failed ask shows as an error until an ask succeeds again.
 */
export function useLearningStatus(ask: Ask, everyMs = 1000): [Answer<LearningStatus>, (paused: boolean) => void] {
  const [status, setStatus] = useState<Answer<LearningStatus>>(null);
  useEffect(() => {
    let live = true;
    const poll = () => ask('learningStatus', {}).then(
      (value) => live && setStatus({ value }),
      (error: unknown) => live && setStatus(failed(error)),
    );
    void poll();
    const timer = setInterval(poll, everyMs);
    return () => { live = false; clearInterval(timer); };
  }, [ask, everyMs]);
  const setPaused = (paused: boolean) => void ask('setLearningPaused', { paused }).then((value) => setStatus({ value }), (error: unknown) => setStatus(failed(error)));
  return [status, setPaused];
}

/** Something asked of the background once: null until it answers, then the answer or why there is none. */
export function useAnswer<T extends keyof ProtocolMap>(ask: Ask, type: T, data: ParamsOf<T>): Answer<ResultOf<T>> {
  const [answer, setAnswer] = useState<Answer<ResultOf<T>>>(null);
  useEffect(() => {
    let live = true;
    ask(type, data).then((value) => live && setAnswer({ value }), (error: unknown) => live && setAnswer(failed(error)));
    return () => { live = false; };
  }, [ask, type]);
  return answer;
}
