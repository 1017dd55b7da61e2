import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createEngine } from '../../src/engine/engine';
import { evaluate, readDocs, subsample, type Scores } from './metrics';

/** A predictor behind the line protocol, driven one request at a time. */
class ProtocolClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  /** the end of what it wrote to stderr, to say why it stopped */
  private stderrTail = '';

  constructor(private readonly cmd: string) {
    this.child = spawn('bash', ['-c', cmd], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => { this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000); });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async call(req: object): Promise<Record<string, unknown>> {
    this.child.stdin.write(JSON.stringify(req) + '\n');
    const { value, done } = await this.lines.next();
    if (done) throw new Error(`${this.cmd}: closed its output${this.stderrTail.trim() ? `, saying: ${this.stderrTail.trim()}` : ''}`);
    return JSON.parse(value) as Record<string, unknown>;
  }

  close(): void { this.child.stdin.end(); }
}

/** Scores a protocol predictor with the same metrics, every request a timed round trip. */
function scoreClient(client: ProtocolClient, docs: string[]): Promise<Scores> {
  return evaluate(async (context, prefix, k) => {
    const r = await client.call({ op: 'predict', context, prefix, k });
    return Array.isArray(r.words) ? r.words.map(String) : [];
  }, docs);
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const row = (name: string, s: Scores) =>
  `${name.padEnd(10)} top1 ${pct(s.top1).padStart(7)}  top3 ${pct(s.top3).padStart(7)}  KSR@3 ${pct(s.ksr).padStart(7)}  per keystroke p50 ${s.callMsMedian.toFixed(3)} ms  p95 ${s.callMsP95.toFixed(3)} ms  (${s.calls} requests)`;

export interface BenchOptions { modelPath: string; lang: string; text: string; words: number; presage: boolean; trainText: string }

/** Prints load time, memory, and per-keystroke latency and accuracy beside presage. */
export async function bench(o: BenchOptions): Promise<void> {
  const before = process.memoryUsage();
  const t0 = performance.now();
  const bytes = new Uint8Array(readFileSync(o.modelPath));
  const engine = createEngine(bytes);
  const loadMs = performance.now() - t0;
  engine.predict({ field: 'bench', context: 'Hello', prefix: '', k: 3 });
  const after = process.memoryUsage();
  const info = engine.info();
  console.log(`model ${info.model}: file ${(bytes.length / 1e6).toFixed(2)} MB, ${info.params} LSTM parameters, vocabulary ${info.vocab}`);
  console.log(`load (read + parse + instantiate): ${loadMs.toFixed(1)} ms`);
  console.log(`memory added: ${((after.rss - before.rss) / 1e6).toFixed(1)} MB resident, ${((after.arrayBuffers - before.arrayBuffers) / 1e6).toFixed(1)} MB array buffers (WebAssembly memory included), ${((after.heapUsed - before.heapUsed) / 1e6).toFixed(1)} MB JS heap`);

  const docs = subsample(readDocs(o.text), o.words);
  console.log(`\ntyping ${o.text} (${docs.length} documents, ~${o.words} words), every request a protocol round trip:`);
  const ours = new ProtocolClient(`npx tsx scripts/inkling.ts serve --lang ${o.lang} --model ${o.modelPath}`);
  await ours.call({ op: 'info' });
  const mine = await scoreClient(ours, docs);
  ours.close();
  console.log(row('inkling', mine));
  const peer = `../shared/eval/presage/serve.py`;
  if (!o.presage || !existsSync(peer)) { console.log('presage: skipped (no ../shared/eval/presage)'); return; }
  const presage = new ProtocolClient(`python3 ${peer} --train ${o.trainText}`);
  await presage.call({ op: 'info' });
  const theirs = await scoreClient(presage, docs);
  presage.close();
  console.log(row('presage', theirs));
  console.log(`\ninkling vs presage: ${(theirs.callMsMedian / mine.callMsMedian).toFixed(1)}× faster at the median, ${(theirs.callMsP95 / mine.callMsP95).toFixed(1)}× at p95; ` +
    `top3 ${((mine.top3 - theirs.top3) * 100).toFixed(2)} points, KSR ${((mine.ksr - theirs.ksr) * 100).toFixed(2)} points`);
}
