import { createInterface } from 'node:readline';
import type { Engine } from '../../src/engine/engine';

/** Answers one request of the line protocol (../shared/eval/PROTOCOL.md). Never throws. */
export function answer(engine: Engine, line: string): object {
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
      case 'reset': engine.forgetField('serve'); return { ok: true };
      case 'learn': return { error: 'learn is not available yet: personalization is not built' };
      default: return { error: `unknown op ${JSON.stringify(r.op)}` };
    }
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Reads requests from stdin, writes one JSON line per request to stdout. */
export async function serve(engine: Engine): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    process.stdout.write(JSON.stringify(answer(engine, line)) + '\n');
  }
}
