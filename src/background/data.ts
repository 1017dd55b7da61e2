import type { Caller, Handlers } from '../messaging/server';
import { ProtocolError } from '../messaging/errors';
import type { InklingDatabase } from '../storage/db';
import { deleteAllRecords, exportPersonalData, parseImportFile, writeImport } from '../storage/backup';
import { listCheckpoints } from '../storage/checkpoints';
import { parsePreferences, readPreferences, resetPreferences, writePreferences } from '../storage/preferences';
import { listSamples, sampleOrigins, sampleTotals, type SampleSelection } from '../storage/samples';
import type { Settings } from '../storage/settings';
import { addStats, dayOf, recentStats } from '../storage/stats';
import { addWord, listVocabulary, removeWord, setBlocked } from '../storage/vocabulary';
import { foldCase } from '../text/tokenize';
import type { BlockedWords } from './blocked-words';
import type { LearningService } from './learning';

/** Samples listed when the viewer does not say how many. */
const DEFAULT_LISTED = 200;

export type DataMessage =
  | 'accepted' | 'setLearningPaused' | 'recentStats' | 'listSamples' | 'deleteSample' | 'deleteSiteSamples'
  | 'listVocabulary' | 'addWord' | 'removeWord' | 'blockWord' | 'exportData' | 'importData' | 'deleteEverything'
  | 'personalInfo';

export interface DataDeps {
  openDb: () => Promise<InklingDatabase>;
  learning: Pick<LearningService, 'setPaused' | 'status' | 'forget' | 'eraseAll' | 'reload'>;
  blocked: Pick<BlockedWords, 'refresh'>;
  /** The extension's own origin (`chrome-extension://id`): only its pages may read or change data. */
  extensionOrigin: string;
  now?: () => number;
}

/**
 * What the popup and the options page ask about stored data, and the content script's report of
 * an accepted suggestion. Reading or changing personal data is refused to anyone but the
 * extension's own pages: a content script runs inside web pages.
 */
export function createDataService(deps: DataDeps): Handlers<DataMessage> {
  const now = deps.now ?? Date.now;
  const own = (caller: Caller) => {
    if (caller.origin !== deps.extensionOrigin) throw new ProtocolError('only Inkling’s own pages may do this');
  };
  const db = deps.openDb;

  return {
    async accepted({ saved }, caller) {
      // Counters only, but nothing at all is kept from a private window.
      if (!caller.incognito) await addStats(await db(), dayOf(now()), { keystrokesSaved: saved, suggestionsAccepted: 1 });
      return null;
    },
    async setLearningPaused({ paused }, caller) {
      own(caller);
      await deps.learning.setPaused(paused);
      return deps.learning.status();
    },
    async recentStats({ days }, caller) {
      own(caller);
      return recentStats(await db(), days, dayOf(now()));
    },
    async listSamples({ search, origin, limit }, caller) {
      own(caller);
      const d = await db();
      const found = await listSamples(d, { search: search || undefined, origin });
      return { samples: found.slice(0, limit ?? DEFAULT_LISTED), matching: found.length, origins: await sampleOrigins(d) };
    },
    async deleteSample({ id }, caller) {
      own(caller);
      await deps.learning.forget({ ids: [id] });
      return null;
    },
    async deleteSiteSamples({ origin }, caller) {
      own(caller);
      return { deleted: await deps.learning.forget({ origin }) };
    },
    async listVocabulary(_data, caller) {
      own(caller);
      return listVocabulary(await db(), { includeBlocked: true });
    },
    async addWord({ word }, caller) {
      own(caller);
      await addWord(await db(), { word: foldCase(word), display: word }, '', now());
      deps.blocked.refresh(); // adding a blocked word unblocks it
      return null;
    },
    async removeWord({ word }, caller) {
      own(caller);
      await removeWord(await db(), foldCase(word));
      deps.blocked.refresh();
      return null;
    },
    async blockWord({ word, blocked }, caller) {
      own(caller);
      await setBlocked(await db(), foldCase(word), blocked, now());
      deps.blocked.refresh();
      return null;
    },
    async exportData(_data, caller) {
      own(caller);
      return exportPersonalData(await db(), { ...(await readPreferences()) }, now());
    },
    async importData({ file }, caller) {
      own(caller);
      // Everything is checked before anything is written.
      const parsed = parseImportFile(file);
      const preferences = parsePreferences(parsed.preferences);
      const summary = await writeImport(await db(), parsed);
      await writePreferences(preferences);
      deps.blocked.refresh();
      await deps.learning.reload();
      return summary;
    },
    async deleteEverything(_data, caller) {
      own(caller);
      const d = await db();
      await deps.learning.eraseAll(() => deleteAllRecords(d));
      await resetPreferences();
      deps.blocked.refresh();
      return null;
    },
    async personalInfo(_data, caller) {
      own(caller);
      const d = await db();
      const [totals, words, checkpoints] = await Promise.all([sampleTotals(d), listVocabulary(d, { includeBlocked: true }), listCheckpoints(d)]);
      const blockedWords = words.filter((w) => w.blocked).length;
      return { samples: totals.count, sampleChars: totals.chars, words: words.length - blockedWords, blockedWords, checkpoints };
    },
  };
}

/** The samples past the retention settings (age, then total size), for LearningService.forget. */
export function pastRetention(s: Pick<Settings, 'retentionDays' | 'retentionChars'>, now: number): SampleSelection {
  return { retention: { retentionDays: s.retentionDays, maxTotalChars: s.retentionChars, now } };
}
