import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Engine } from '../../src/engine/engine';
import { openInklingDB, type InklingDatabase } from '../../src/storage/db';
import { readCheckpoint, writeCheckpoint } from '../../src/storage/checkpoints';
import { Learner } from '../../src/learn/learner';

/**
 * The personal side of `serve`: the extension's own pipeline (capture rules, IndexedDB through
 * fake-indexeddb, learning to completion), with the personal checkpoint kept in --state DIR.
 */
export class ServeSession {
  private db!: InklingDatabase;
  private learner!: Learner;
  private drafts = 0;

  private constructor(private readonly engine: Engine, private readonly dir: string) {}

  static async open(engine: Engine, dir = mkdtempSync(join(tmpdir(), 'inkling-serve-'))): Promise<ServeSession> {
    mkdirSync(dir, { recursive: true });
    const s = new ServeSession(engine, dir);
    await s.fresh();
    const saved = join(dir, s.file);
    if (existsSync(saved)) { await writeCheckpoint(s.db, s.name, new Uint8Array(readFileSync(saved)), Date.now()); await s.learner.restore(); }
    return s;
  }

  private get name(): string { return `personal-${this.engine.info().lang}`; }
  private get file(): string { return `${this.name}.checkpoint`; }

  private async fresh(): Promise<void> {
    this.db?.close();
    this.db = await openInklingDB(new IDBFactory());
    this.learner = new Learner(this.db, this.engine, this.engine.info().lang, (p) => process.stderr.write(`${p}\n`));
  }

  async learn(text: string): Promise<object> {
    const r = await this.learner.capture(
      { text, pastedRanges: [], field: { sensitive: false }, site: { blocked: false, incognito: false }, settings: { learning: true } },
      { draftKey: `serve-${++this.drafts}`, origin: 'serve', now: Date.now() });
    await this.learner.drain();
    const bytes = await readCheckpoint(this.db, this.name);
    if (bytes) writeFileSync(join(this.dir, this.file), bytes);
    return r.ok ? { ok: true } : { ok: true, skipped: r.reason };
  }

  async reset(): Promise<object> {
    await this.fresh();
    await this.learner.reset();
    writeFileSync(join(this.dir, this.file), '');
    return { ok: true };
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
        return { words: engine.predict({ field: 'serve', context: r.context, prefix: (r.prefix as string | undefined) ?? '', k }) };
      }
      case 'info': return engine.info();
      case 'reset': engine.forgetField('serve'); return await session.reset();
      case 'learn':
        if (typeof r.text !== 'string') return { error: 'learn needs a string text' };
        return await session.learn(r.text);
      default: return { error: `unknown op ${JSON.stringify(r.op)}` };
    }
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Reads requests from stdin, writes one JSON line per request to stdout. */
export async function serve(engine: Engine, stateDir?: string): Promise<void> {
  const session = await ServeSession.open(engine, stateDir);
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    process.stdout.write(JSON.stringify(await answer(engine, session, line)) + '\n');
  }
}
