import type { Engine } from '../engine/engine';
import type { Handlers } from '../messaging/server';
import { FieldSessions } from './field-sessions';
import type { LiveHub } from './live-hub';

/** How many suggestions the popup lists (the content script asks for more, to filter locally). */
const LIVE_SHOWN = 3;

/** The part of the engine the message handlers use. */
export type PredictingEngine = Pick<Engine, 'predict' | 'forgetField' | 'info'>;

export interface ServiceDeps {
  /** Resolves the engine, loading the model the first time. */
  getEngine: () => Promise<PredictingEngine>;
  live: LiveHub;
  /** How many fields keep LSTM state at once. */
  fieldCapacity?: number;
}

export interface InklingService {
  handlers: Handlers<'predict' | 'forgetField' | 'modelInfo'>;
  /** Call when a tab closes: its fields' state is released. */
  tabClosed(tabId: number): void;
}

/**
 * The background's answers to the protocol. Holds no state that cannot be rebuilt:
 * after the worker restarts, the engine reloads and each field's state is recomputed from its context.
 */
export function createInklingService({ getEngine, live, fieldCapacity }: ServiceDeps): InklingService {
  let engine: PredictingEngine | null = null;
  const sessions = new FieldSessions((key) => engine?.forgetField(key), fieldCapacity);

  const handlers: Handlers<'predict' | 'forgetField' | 'modelInfo'> = {
    async predict({ field, seq, context, prefix, k, lookahead }, caller) {
      engine = await getEngine();
      const key = FieldSessions.key(caller.tabId, caller.frameId, field);
      sessions.touch(key, caller.tabId);
      const suggestions = engine.predict({ field: key, context, prefix, k });
      if (caller.tabId >= 0) live.publish(caller.tabId, { field: key, prefix, suggestions: suggestions.slice(0, LIVE_SHOWN) });
      if (!lookahead || prefix.length === 0) return { seq, suggestions };
      // Its own field key, so the field's state is not moved back and forth.
      const aheadKey = `${key}+`;
      sessions.touch(aheadKey, caller.tabId);
      const next = engine.predict({ field: aheadKey, context: `${context}${prefix} `, prefix: '', k });
      return { seq, suggestions, next };
    },
    forgetField({ field }, caller) {
      sessions.drop(FieldSessions.key(caller.tabId, caller.frameId, field));
      return null;
    },
    async modelInfo() {
      engine = await getEngine();
      return engine.info();
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
