import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Engine } from '../../src/engine/engine';
import { LearningService } from '../../src/background/learning';
import { openInklingDB, type InklingDatabase } from '../../src/storage/db';
import { deleteAllRecords, exportPersonalData, parseImportFile, writeImport } from '../../src/storage/backup';
import { listSamples } from '../../src/storage/samples';
import type { ModelLanguage } from '../../src/text/language-choice';

/** The state file in --state DIR: the extension's own export format. */
const STATE_FILE = 'personal-data.json';
/** The state file is rewritten at most this often (and when the input ends): exporting costs what is stored. */
const SAVE_EVERY_MS = 5000;

/**
 * The personal side of `serve` and `evaluate --personal`: the extension's own pipeline — the
 * learning service of the background (capture rules, the samples store in IndexedDB through
 * fake-indexeddb, the learner in 8 ms slices, checkpoints, deletion) — with the personal data
 * kept in --state DIR as an export file.
 */
export class ServeSession {
  private drafts = 0;
  private savedAt = 0;

  private constructor(
    private readonly db: InklingDatabase,
    private readonly learning: LearningService,
    private readonly lang: ModelLanguage,
    private readonly dir?: string,
  ) {}

  /** A session with an empty store, or the one saved in `dir`. Without `dir` nothing is saved. */
  static async open(engine: Engine, dir?: string): Promise<ServeSession> {
    const db = await openInklingDB(new IDBFactory());
    const lang = engine.info().lang as ModelLanguage;
    const learning = new LearningService({
      getEngine: async () => engine, languageChoice: () => lang, openDb: async () => db,
      allowed: async () => ({ learning: true, blocked: false }), report: (p) => process.stderr.write(`${p}\n`),
    });
    const s = new ServeSession(db, learning, lang, dir);
    if (dir) {
      mkdirSync(dir, { recursive: true });
      if (existsSync(join(dir, STATE_FILE))) {
        await writeImport(db, parseImportFile(readFileSync(join(dir, STATE_FILE), 'utf8')));
        await learning.reload();
      }
    }
    await learning.ready(lang);
    return s;
  }

  /** Stores the text as the extension stores a submitted field's text, and learns it before answering. */
  async learn(text: string): Promise<object> {
    const r = await this.learning.draft({ draftKey: `serve-${Date.now()}-${++this.drafts}`, text, pasted: [], lang: this.lang }, { origin: 'https://serve.invalid', incognito: false });
    await this.learning.idle();
    await this.save();
    return r.stored ? { ok: true } : { ok: true, skipped: r.reason };
  }

  /** Deletes every sample containing `text` (case-sensitive), as the options page deletes them; answers when forgotten. */
  async forget(text: string): Promise<object> {
    const ids = (await listSamples(this.db)).filter((s) => s.text.includes(text)).map((s) => s.id);
    const deleted = ids.length ? await this.learning.forget({ ids }) : 0;
    await this.learning.idle();
    await this.save();
    return { ok: true, deleted };
  }

  async reset(): Promise<object> {
    await this.learning.eraseAll(() => deleteAllRecords(this.db));
    await this.save(true);
    return { ok: true };
  }

  /** Writes the state file (at most every SAVE_EVERY_MS unless `now`), whole or not at all. */
  async save(now = false): Promise<void> {
    if (!this.dir || (!now && Date.now() - this.savedAt < SAVE_EVERY_MS)) return;
    const file = await exportPersonalData(this.db, {}, Date.now());
    writeFileSync(join(this.dir, `${STATE_FILE}.tmp`), JSON.stringify(file));
    renameSync(join(this.dir, `${STATE_FILE}.tmp`), join(this.dir, STATE_FILE));
    this.savedAt = Date.now();
  }
}

/** Answers one request of the line protocol (../shared/eval/PROTOCOL.md). Never throws. */
export async function answer(engine: Engine, session: ServeSession, line: string): Promise<object> {
  let req: unknown;
  try { req = JSON.parse(line); } catch { return { error: 'malformed JSON line' }; }
  if (!req || typeof req !== 'object') return { error: 'request must be a JSON object' };
  const r = req as Record<string, unknown>;
  try {
    switch (r.op) {
      case 'predict': {
        if (typeof r.context !== 'string' || typeof (r.prefix ?? '') !== 'string') return { error: 'predict needs string context and prefix' };
        const k = r.k === undefined ? 3 : Number(r.k);
        if (!Number.isInteger(k) || k < 0 || k > 50) return { error: 'k must be an integer from 0 to 50' };
        const req = { field: 'serve', context: r.context, prefix: (r.prefix as string | undefined) ?? '', k };
        // Without "phrase" the reply is exactly as before.
        return r.phrase === true ? engine.predictPhrase(req) : { words: engine.predict(req) };
      }
      case 'info': return engine.info();
      case 'reset': engine.forgetField('serve'); return await session.reset();
      case 'learn':
        if (typeof r.text !== 'string') return { error: 'learn needs a string text' };
        return await session.learn(r.text);
      case 'forget':
        if (typeof r.text !== 'string' || !r.text) return { error: 'forget needs a non-empty string text' };
        return await session.forget(r.text);
      default: return { error: `unknown op ${JSON.stringify(r.op)}` };
    }
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Reads requests from stdin, writes one JSON line per request to stdout. */
export async function serve(engine: Engine, stateDir?: string): Promise<void> {
  const session = await ServeSession.open(engine, stateDir ?? mkdtempSync(join(tmpdir(), 'inkling-serve-')));
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    process.stdout.write(JSON.stringify(await answer(engine, session, line)) + '\n');
  }
  await session.save(true);
}
