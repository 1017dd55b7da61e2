// `npm run inkling -- <command>`: the engine's command-line tools.
import { existsSync, readFileSync } from 'node:fs';
import { buildEnglish, buildPortuguese } from './prepare-corpus';
import { parseArgs } from 'node:util';
import { DEFAULT_TRAIN, train, type TrainOptions } from './train/train';
import { packageModel, type EmbeddingEncoding } from './train/package';
import { writeAdaptStats } from './train/adapt-stats';
import { CHANNEL } from '../src/model/typo-channel';
import { createEngine } from '../src/engine/engine';
import { evaluate, readDocs, subsample } from './eval/metrics';
import { serve } from './eval/serve';
import { bench } from './eval/bench';
import { evaluatePersonal } from './eval/personal';

const USAGE = `usage: npm run inkling -- <command> [options]
  prepare   --lang en|pt                            build data/LANG (the training corpus) from the npm datasets
  train     --lang en [--epochs N] [--threads 1|2] [--vocab N]  prepare the corpus if missing, train (resumable), then package models/LANG.inkling
  package   --lang en [--checkpoint FILE]             quantize the trained model, build its n-gram and gate, write models/LANG.inkling
  adapt-stats --lang en [--model FILE]                (re)compute the dynamic-evaluation normaliser (section adaptMs) from data/LANG/train.txt into the model file
  evaluate  --lang en --text FILE [--words N] [--json] top-1/top-3 and KSR@3 as ../shared/eval/METRICS.md defines them
  evaluate  --lang en --personal DIR                  per writer: test text before and after learning adapt.txt (and each test document)
  serve     --lang en [--model FILE]                  the line protocol of ../shared/eval/PROTOCOL.md on stdin/stdout
            (evaluate and serve: --typos off turns off the correction of keyboard slips, to compare;
             serve and evaluate --personal: --lstm-adapt / --no-lstm-adapt turn the LSTM's own adaptation to the user
             (dynamic evaluation, src/learn/dynamic-eval.ts) on / off; its default is DYNAMIC.on)
  bench     --lang en [--text FILE] [--words N]       per-keystroke latency beside presage, load time, memory
`;

const COMMON = {
  lang: { type: 'string', default: 'en' }, model: { type: 'string' }, text: { type: 'string' }, words: { type: 'string' },
  json: { type: 'boolean' }, epochs: { type: 'string' }, threads: { type: 'string' }, vocab: { type: 'string' }, checkpoint: { type: 'string' },
  state: { type: 'string' }, personal: { type: 'string' }, presage: { type: 'boolean', default: true }, 'ngram-mb': { type: 'string' },
  typos: { type: 'string', default: 'on' }, channel: { type: 'string' }, 'lstm-adapt': { type: 'boolean' }, 'no-lstm-adapt': { type: 'boolean' },
} as const;

/**
 * Per-language defaults, those of the shipped models (docs/engine.md, "Training"): English v3
 * trains 4 epochs on one thread (about 80 minutes) and keeps its best, the third; Portuguese has
 * a smaller vocabulary, leaving room for a larger n-gram, and trained on one thread (32 rows per
 * batch) beside the English v2 run.
 */
const LANG_DEFAULTS: Record<string, Partial<TrainOptions>> = {
  en: { vocabWords: 20000, epochs: 4, threads: 1 },
  pt: { vocabWords: 13000, epochs: 6, threads: 1 },
};
// What is left of 4 MB after the LSTM, vocabulary, lexicon and upgrade table (see models/FORMAT.md).
const NGRAM_MB: Record<string, number> = { en: 0.38, pt: 1.56 };
/**
 * How many of the most frequent rows of the embedding stay int8 (the rest 4-bit), the fewest
 * that keep 97 % top-3 agreement with the float model: Portuguese after 6 epochs 8,192 (4,096:
 * 96.91 %); English v3 10,240 (97.18 %; 8,192: 96.84 %, 12,288: 97.48 %), whose 0.34 MB more
 * than 4,096 rows its n-gram gives up (0.70 → 0.38 MB).
 */
const EMBEDDING: Record<string, EmbeddingEncoding> = { en: { bits: 4, int8Rows: 10240 }, pt: { bits: 4, int8Rows: 8192 } };

function trainOptions(lang: string, v: { epochs?: string; threads?: string; vocab?: string }): TrainOptions {
  const o = { ...DEFAULT_TRAIN, ...LANG_DEFAULTS[lang], dataDir: `data/${lang}`, runDir: `runs/${lang}` };
  if (v.epochs) o.epochs = Number(v.epochs);
  if (v.vocab) o.vocabWords = Number(v.vocab);
  if (v.threads) o.threads = Number(v.threads) === 1 ? 1 : 2;
  return o;
}

function prepareCorpus(lang: string, outDir: string): void {
  if (lang === 'en') buildEnglish(outDir);
  else if (lang === 'pt') buildPortuguese(outDir);
  else throw new Error(`no corpus recipe for --lang ${lang}`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values: v } = parseArgs({ args: rest, options: COMMON });
  const lang = v.lang;
  const modelPath = v.model ?? `models/${lang}.inkling`;
  const ngramBudget = Number(v['ngram-mb'] ?? NGRAM_MB[lang] ?? 0.85) * 1e6;
  if (v.typos !== 'on' && v.typos !== 'off') throw new Error(`--typos is on or off, not ${v.typos}`);
  // --channel '{"neighbour":0.01}': other weights for the typing channel, for tuning (src/model/typo-channel.ts).
  if (v['lstm-adapt'] && v['no-lstm-adapt']) throw new Error('--lstm-adapt and --no-lstm-adapt contradict each other');
  const lstmAdapt = v['lstm-adapt'] ? true : v['no-lstm-adapt'] ? false : undefined;
  const engineOptions = { typos: v.typos === 'on', lstmAdapt, ...(v.channel ? { channel: { ...CHANNEL, ...(JSON.parse(v.channel) as object) } } : {}) };
  switch (command) {
    case 'prepare':
      prepareCorpus(lang, `data/${lang}`);
      break;
    case 'train': {
      const o = trainOptions(lang, v);
      if (!existsSync(`${o.dataDir}/train.txt`)) prepareCorpus(lang, o.dataDir);
      await train(o);
      packageModel(o, modelPath, { lang, ngramBudget, embedding: EMBEDDING[lang] });
      break;
    }
    case 'package':
      packageModel(trainOptions(lang, v), modelPath, { lang, ngramBudget, checkpoint: v.checkpoint, embedding: EMBEDDING[lang] });
      break;
    case 'adapt-stats':
      writeAdaptStats(modelPath, `data/${lang}/train.txt`);
      break;
    case 'evaluate': {
      if (v.personal) { await evaluatePersonal(new Uint8Array(readFileSync(modelPath)), v.personal, Number(v.words ?? 0), v.json ?? false, engineOptions); break; }
      if (!v.text) throw new Error('evaluate needs --text FILE or --personal DIR');
      const engine = createEngine(new Uint8Array(readFileSync(modelPath)), engineOptions);
      const docs = subsample(readDocs(v.text), Number(v.words ?? 0));
      const r = await evaluate((c, p, k) => engine.predict({ field: 'eval', context: c, prefix: p, k }), docs);
      if (v.json) process.stdout.write(JSON.stringify({ model: engine.info(), ...r }) + '\n');
      else process.stdout.write(`${engine.info().model} on ${v.text}: top1=${(r.top1 * 100).toFixed(2)}% top3=${(r.top3 * 100).toFixed(2)}% ksr=${(r.ksr * 100).toFixed(2)}% words=${r.words} calls=${r.calls} p50=${r.callMsMedian.toFixed(3)}ms p95=${r.callMsP95.toFixed(3)}ms\n`);
      break;
    }
    case 'serve':
      await serve(createEngine(new Uint8Array(readFileSync(modelPath)), engineOptions), v.state);
      break;
    case 'bench':
      await bench({ modelPath, lang, text: v.text ?? `../shared/eval/data/${lang}/dev.txt`, words: Number(v.words ?? 3000), presage: v.presage, trainText: `data/${lang}/train.txt` });
      break;
    default:
      process.stderr.write(USAGE);
      process.exitCode = command ? 2 : 0;
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`inkling: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
