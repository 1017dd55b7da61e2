import type { Engine } from '../engine/engine';
import { ProtocolError } from '../messaging/errors';
import type { Handlers } from '../messaging/server';
import { chooseLanguage, languageOfTag, type LanguageClues, type ModelLanguage } from '../text/language-choice';
import { FieldSessions } from './field-sessions';
import type { LiveHub } from './live-hub';
import { SuggestionGuard } from './suggestion-guard';

/** How many suggestions the popup lists (the content script asks for more, to filter locally). */
const LIVE_SHOWN = 3;

/** The part of the engine the message handlers use. */
export type PredictingEngine = Pick<Engine, 'predict' | 'forgetField' | 'info'> & Partial<Pick<Engine, 'predictPhrase'>>;

export interface ServiceDeps {
  /** Resolves a language's engine, loading its model the first time. */
  getEngine: (lang: ModelLanguage) => Promise<PredictingEngine>;
  live: LiveHub;
  /** The user's language setting ('auto' or a fixed language). */
  languageChoice?: () => LanguageClues['choice'] | Promise<LanguageClues['choice']>;
  /** The browser's language, the last resort when neither text nor page say. */
  browserLanguage?: string;
  /** How many fields keep LSTM state at once. */
  fieldCapacity?: number;
  /** Takes out words that must never be suggested (the user's blocked words). */
  filterWords?: (words: string[]) => Promise<string[]>;
  /** The extension's own origin: only its pages may read the failed-insertion counter. */
  extensionOrigin?: string;
}

type ServiceMessage = 'predict' | 'forgetField' | 'modelInfo' | 'insertionFailed' | 'insertionFailures';

export interface InklingService {
  handlers: Handlers<ServiceMessage>;
  /** Call when a tab closes: its fields' state is released. */
  tabClosed(tabId: number): void;
}

/**
 * The background's answers to the protocol. Holds no state that cannot be rebuilt:
 * after the worker restarts, the engines reload and each field's state is recomputed from its context.
 */
export function createInklingService(deps: ServiceDeps): InklingService {
  const { getEngine, live, languageChoice, browserLanguage, fieldCapacity, filterWords: filterBlocked = async (w) => w } = deps;
  // Debris (stray letters, what a failed insertion left) is never offered, learned or not.
  const guard = new SuggestionGuard();
  const filterWords = async (words: string[], lang: ModelLanguage) => filterBlocked(guard.filter(words, lang));
  /** A phrase is offered only if each of its words would be offered alone. */
  const filterPhrase = async (phrase: string, lang: ModelLanguage) => {
    const words = phrase.match(/[^\s,]+/gu) ?? [];
    return (await filterWords(words, lang)).length === words.length ? phrase : undefined;
  };
  const engines = new Map<ModelLanguage, PredictingEngine>();
  /** Each field's language, decided again only when the text before the word changes. */
  const fieldLanguage = new Map<string, { context: string; lang: ModelLanguage }>();
  const sessions = new FieldSessions((key) => {
    fieldLanguage.delete(key);
    fieldLanguage.delete(`${key}+`);
    for (const engine of engines.values()) engine.forgetField(key);
  }, fieldCapacity);
  let lastLang: ModelLanguage = languageOfTag(browserLanguage) ?? 'en';

  const engineFor = async (lang: ModelLanguage) => {
    const engine = await getEngine(lang);
    engines.set(lang, engine);
    return engine;
  };

  async function languageOf(key: string, context: string, tag: string | undefined): Promise<ModelLanguage> {
    const known = fieldLanguage.get(key);
    if (known?.context === context) return known.lang;
    const choice = (await languageChoice?.()) ?? 'auto';
    const lang = chooseLanguage({ choice, text: context, tag, previous: known?.lang, browser: browserLanguage });
    fieldLanguage.set(key, { context, lang });
    return lang;
  }

  const handlers: Handlers<ServiceMessage> = {
    async predict({ field, seq, context, prefix, k, lookahead, phrase: wantsPhrase, lang: tag }, caller) {
      const key = FieldSessions.key(caller.tabId, caller.frameId, field);
      const lang = await languageOf(key, context, tag);
      const engine = await engineFor(lang);
      lastLang = lang;
      sessions.touch(key, caller.tabId);
      const req = { field: key, context, prefix, k };
      const predicted = wantsPhrase && engine.predictPhrase ? engine.predictPhrase(req) : { words: engine.predict(req) };
      const suggestions = await filterWords(predicted.words, lang);
      const phrase = predicted.phrase === undefined ? undefined : await filterPhrase(predicted.phrase, lang);
      if (caller.tabId >= 0) live.publish(caller.tabId, { field: key, prefix, suggestions: suggestions.slice(0, LIVE_SHOWN), lang });
      const reply = phrase === undefined ? { seq, suggestions, lang } : { seq, suggestions, phrase, lang };
      // Only where a space can start the next word ("word", "word." — not after a space).
      if (!lookahead || /^$|\s$/u.test(context + prefix)) return reply;
      // Its own field key, so the field's state is not moved back and forth.
      const aheadKey = `${key}+`;
      sessions.touch(aheadKey, caller.tabId);
      const next = await filterWords(engine.predict({ field: aheadKey, context: `${context}${prefix} `, prefix: '', k }), lang);
      return { ...reply, next };
    },
    forgetField({ field }, caller) {
      sessions.drop(FieldSessions.key(caller.tabId, caller.frameId, field));
      return null;
    },
    async modelInfo({ lang }) {
      return (await engineFor(lang ?? lastLang)).info();
    },
    insertionFailed(failure, caller) {
      // Nothing at all is kept from a private window, not even in memory.
      if (!caller.incognito) guard.recordFailure(failure);
      return null;
    },
    insertionFailures(_data, caller) {
      if (!deps.extensionOrigin || caller.origin !== deps.extensionOrigin) throw new ProtocolError('only Inkling’s own pages may do this');
      return guard.counts();
    },
  };

  return {
    handlers,
    tabClosed(tabId) {
      sessions.dropTab(tabId);
      live.forgetTab(tabId);
    },
  };
}
