import { createEngine, type Engine } from '../engine/engine';
import type { BackgroundHandlers } from '../messaging/server';
import type { InklingDatabase } from '../storage/db';
import type { LanguageChoice, Settings } from '../storage/settings';
import { isOnFor, siteOfOrigin, type SiteSwitches } from '../storage/site-switches';
import type { ModelLanguage } from '../text/language-choice';
import { createDataService, pastRetention } from './data';
import { createLazyEngines, loadShippedEngine } from './lazy-engine';
import { LearningService } from './learning';
import { LiveHub } from './live-hub';
import { createInklingService, type InklingService } from './service';
import { UserVocabulary } from './user-vocabulary';

/** What the background's services need of the extension: its APIs, passed in so tests can give their own. */
export interface BackgroundEnv {
  /** The URL of a language's shipped model file. */
  modelUrl: (lang: ModelLanguage) => string;
  /** The extension's own origin (`chrome-extension://id`): only its pages may read or change data. */
  ownOrigin: string;
  browserLanguage: string;
  openDb: () => Promise<InklingDatabase>;
  /** The language setting and the settings, as followed from storage (asked on every keystroke and draft). */
  languageChoice: () => Promise<LanguageChoice>;
  settings: () => Promise<Settings>;
  siteSwitches: () => Promise<SiteSwitches>;
  /** Keeps an alarm that wakes a stopped worker while learning is unfinished. */
  keepAwake: (on: boolean) => void;
  report: (problem: string, error?: unknown) => void;
}

/** The background's services, made once per worker; index.ts connects them to the extension's events. */
export interface BackgroundServices {
  handlers: BackgroundHandlers;
  predictions: InklingService;
  learning: LearningService;
  live: LiveHub;
}

/** Makes the background's services and the complete map of their message handlers. */
export function createBackgroundServices(env: BackgroundEnv): BackgroundServices {
  const live = new LiveHub();
  // Every engine completes the words the user added: given once it loads, and after every change.
  const vocabulary: UserVocabulary = new UserVocabulary(env.openDb, () => engines.loaded(), (problem, error) => env.report(problem, error));
  const engines = createLazyEngines((lang: ModelLanguage): Promise<Engine> =>
    loadShippedEngine(env.modelUrl(lang), createEngine).then((engine) => vocabulary.giveTo(engine)),
  );
  let lastKeystroke = -Infinity;
  const learning = new LearningService({
    getEngine: (lang) => engines.get(lang),
    languageChoice: env.languageChoice,
    browserLanguage: env.browserLanguage,
    openDb: env.openDb,
    // Learning follows the same switches as suggestions: nothing is kept from a site turned off.
    allowed: async (origin) => {
      const [{ everywhere, off, on }, s] = await Promise.all([env.siteSwitches(), env.settings()]);
      return {
        learning: s.learning,
        blocked: !isOnFor(siteOfOrigin(origin), everywhere, off, on),
        retention: { retentionDays: s.retentionDays, maxTotalChars: s.retentionChars },
      };
    },
    report: (problem) => env.report(problem),
    lastKeystroke: () => lastKeystroke,
    keepAwake: env.keepAwake,
  });
  // Predictions wait for the personal memory of their language (restored after a worker restart).
  const personalEngine = async (lang: ModelLanguage): Promise<Engine> => {
    const engine = await engines.get(lang);
    await learning.ready(lang).catch((e: unknown) => env.report('personal memory not loaded', e));
    return engine;
  };
  const predictions = createInklingService({
    getEngine: personalEngine, live, languageChoice: env.languageChoice, browserLanguage: env.browserLanguage,
    filterWords: (w) => vocabulary.blocked.filter(w), extensionOrigin: env.ownOrigin,
  });
  const data = createDataService({ openDb: env.openDb, learning, blocked: vocabulary, extensionOrigin: env.ownOrigin });
  const handlers: BackgroundHandlers = {
    ...predictions.handlers,
    ...data,
    predict: (params, caller) => {
      lastKeystroke = Date.now(); // learning holds off while the user types
      return predictions.handlers.predict(params, caller);
    },
    draft: (params, caller) => learning.draft(params, { origin: caller.origin, incognito: caller.incognito }),
    learningStatus: () => learning.status(),
  };
  return { handlers, predictions, learning, live };
}

/**
 * Follows the retention settings: samples past them go now and whenever they change, and what
 * expired leaves the personal model too (exactly its counts; the rest is kept).
 */
export function enforceRetention(
  learning: Pick<LearningService, 'forget'>,
  report: (problem: string, error: unknown) => void,
): (settings: Settings) => void {
  let applied = '';
  return (s) => {
    const limits = `${s.retentionDays}/${s.retentionChars}`;
    if (limits === applied) return;
    applied = limits;
    learning.forget(pastRetention(s, Date.now())).catch((e: unknown) => report('retention', e));
  };
}
