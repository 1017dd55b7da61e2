import { pathToFileURL } from 'node:url';
/**
 * Builds the training text for one language, reproducibly.
 *
 *   npx tsx scripts/prepare-corpus.ts --lang en [--out data/en] [--seed 1]
 *
 * Writes train.txt (all documents, shuffled with the seed), heldout.txt (~5 % of
 * the easy-ham-1 messages, not in train.txt), train-mail.txt (the mail documents
 * of train.txt) and corpus.json (counts, seed, package versions). Paragraphs of
 * the evaluation dev set are removed from the output; more than a handful means
 * a benchmark source leaked in, and the run fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type CorpusDocument,
  type EnglishSource,
  MAIL_GROUP,
  SOURCE_PACKAGES,
  mailDocuments,
  mobyDickDocuments,
  packageVersion,
  sotuDocuments,
} from './corpus/english';
import { formatDocuments, parseParagraphBlocks, removeEvalOverlap, seededShuffle, splitHeldOut } from './corpus/split';
import { countWords } from './corpus/text';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HELDOUT_FRACTION = 0.05;
const MAX_EVAL_OVERLAP = 25; // more removed paragraphs than this means leaked benchmark text

/** Words and documents per source, as written to corpus.json. */
interface SourceStats {
  documents: number;
  paragraphs: number;
  words: number;
}

function stats(docs: readonly CorpusDocument[]): SourceStats {
  const live = docs.filter((d) => d.paragraphs.length > 0);
  return {
    documents: live.length,
    paragraphs: live.reduce((n, d) => n + d.paragraphs.length, 0),
    words: live.reduce((n, d) => n + d.paragraphs.reduce((m, p) => m + countWords(p), 0), 0),
  };
}

function statsBySource(docs: readonly CorpusDocument[]): Record<EnglishSource, SourceStats> {
  const of = (s: EnglishSource): SourceStats => stats(docs.filter((d) => d.source === s));
  return { sotu: of('sotu'), 'moby-dick': of('moby-dick'), mail: of('mail') };
}

/** Removes dev-set paragraphs from `docs`; throws if there are more than a handful. */
function scrubDevSet(docs: CorpusDocument[], devPath: string): number | null {
  if (!existsSync(devPath)) {
    console.warn(`warning: ${devPath} not found; skipping the dev-set overlap check`);
    return null;
  }
  const dev = parseParagraphBlocks(readFileSync(devPath, 'utf8'));
  const { removed, matched, examples } = removeEvalOverlap(docs, dev);
  console.error(`dev-set check: ${matched} of ${dev.length} dev paragraphs found; ${removed} training paragraphs removed`);
  for (const e of examples) console.error(`  removed: ${e.slice(0, 120)}`);
  if (removed > MAX_EVAL_OVERLAP) {
    throw new Error(`${removed} training paragraphs overlap ${devPath}: benchmark text has leaked into the corpus`);
  }
  return removed;
}

/** Writes data/en (train.txt, train-mail.txt, heldout.txt, corpus.json) from the npm datasets. */
export function buildEnglish(outDir: string, seed = 1): void {
  const started = Date.now();
  const mail = splitHeldOut(mailDocuments(), HELDOUT_FRACTION, seed);
  const train = [...sotuDocuments(), ...mobyDickDocuments(), ...mail.kept];
  const devRemoved = scrubDevSet([...train, ...mail.held], join(PROJECT_ROOT, '..', 'shared', 'eval', 'data', 'en', 'dev.txt'));

  const shuffled = seededShuffle(train, seed).filter((d) => d.paragraphs.length > 0);
  const trainMail = shuffled.filter((d) => d.source === 'mail');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'train.txt'), formatDocuments(shuffled));
  writeFileSync(join(outDir, 'heldout.txt'), formatDocuments(mail.held));
  writeFileSync(join(outDir, 'train-mail.txt'), formatDocuments(trainMail));

  const bySource = statsBySource(shuffled);
  const manifest = {
    lang: 'en',
    seed,
    heldoutFraction: HELDOUT_FRACTION,
    mailGroup: MAIL_GROUP,
    packages: Object.fromEntries(Object.values(SOURCE_PACKAGES).map((p) => [p, packageVersion(p)])),
    train: { ...stats(shuffled), bySource },
    trainMail: stats(trainMail),
    heldout: stats(mail.held),
    devParagraphsRemoved: devRemoved,
  };
  writeFileSync(join(outDir, 'corpus.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  for (const [source, s] of Object.entries(bySource)) {
    console.error(`${source.padEnd(10)} ${String(s.words).padStart(9)} words  ${s.documents} documents`);
  }
  console.error(`${'heldout'.padEnd(10)} ${String(manifest.heldout.words).padStart(9)} words  ${manifest.heldout.documents} documents`);
  console.error(`wrote ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function main(): void {
  const { values } = parseArgs({
    options: { lang: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  if (values.lang !== 'en') throw new Error(`--lang ${values.lang ?? '(missing)'}: only "en" is supported`);
  buildEnglish(resolve(values.out ?? join(PROJECT_ROOT, 'data', values.lang)), seed);
}

// Run as a command (npx tsx scripts/prepare-corpus.ts), not when imported by the inkling CLI.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
