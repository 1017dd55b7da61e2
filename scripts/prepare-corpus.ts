import { pathToFileURL } from 'node:url';
/**
 * Builds the training text for one language, reproducibly.
 *
 *   npx tsx scripts/prepare-corpus.ts --lang en|pt [--out data/<lang>] [--seed 1]
 *
 * English: writes train.txt (all documents, shuffled with the seed), heldout.txt
 * (~5 % of the easy-ham-1 messages, not in train.txt), train-<source>.txt (the
 * documents of train.txt from each source: mail, brown, sotu, moby-dick, so the
 * trainer can weigh them) and corpus.json (counts, seed, package versions).
 * A paragraph repeated within or across sources is kept once.
 * Paragraphs of the evaluation dev set are removed from the output; more than a
 * handful means a benchmark source leaked in, and the run fails.
 *
 * Portuguese: installs the five Debian help/fortune/manual packages if needed and writes
 * train.txt, heldout.txt (~5 % of the documents) and corpus.json. The pt dev text
 * was cut from these same packages, so many paragraphs are removed, by design.
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
  brownDocuments,
  dropRepeatedParagraphs,
  mailDocuments,
  mobyDickDocuments,
  packageVersion,
  sotuDocuments,
} from './corpus/english';
import {
  PORTUGUESE_PACKAGES,
  type PortugueseDocument,
  type PortugueseSource,
  asCorpusDocuments,
  portugueseDocuments,
} from './corpus/portuguese';
import { debianVersion, ensureInstalled } from './corpus/pt-debian';
import { removeNearDevCopies } from './corpus/pt-overlap';
import { formatDocuments, parseParagraphBlocks, removeEvalOverlap, seededShuffle, splitHeldOut } from './corpus/split';
import { countWords } from './corpus/text';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HELDOUT_FRACTION = 0.05;
const MAX_EVAL_OVERLAP = 25; // more removed paragraphs than this means leaked benchmark text

/** Words and documents per source, as written to corpus.json. */
interface SourceStats {
  documents: number;
  paragraphs: number;
  words: number;
}

function stats(docs: readonly Pick<CorpusDocument, 'paragraphs'>[]): SourceStats {
  const live = docs.filter((d) => d.paragraphs.length > 0);
  return {
    documents: live.length,
    paragraphs: live.reduce((n, d) => n + d.paragraphs.length, 0),
    words: live.reduce((n, d) => n + d.paragraphs.reduce((m, p) => m + countWords(p), 0), 0),
  };
}

function statsBySource(docs: readonly CorpusDocument[]): Record<EnglishSource, SourceStats> {
  const of = (s: EnglishSource): SourceStats => stats(docs.filter((d) => d.source === s));
  return { sotu: of('sotu'), 'moby-dick': of('moby-dick'), mail: of('mail'), brown: of('brown') };
}

/** Prints words and documents per source, and the time taken since `started` (ms). */
function printCounts(rows: Record<string, SourceStats>, outDir: string, started: number): void {
  const width = Math.max(...Object.keys(rows).map((k) => k.length));
  for (const [source, s] of Object.entries(rows)) {
    console.error(`${source.padEnd(width)} ${String(s.words).padStart(9)} words  ${s.documents} documents`);
  }
  console.error(`wrote ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Removes dev-set paragraphs from `docs`; throws if there are more than `maxRemoved`. */
function scrubDevSet(docs: CorpusDocument[], devPath: string, maxRemoved = MAX_EVAL_OVERLAP): number | null {
  if (!existsSync(devPath)) {
    console.warn(`warning: ${devPath} not found; skipping the dev-set overlap check`);
    return null;
  }
  const dev = parseParagraphBlocks(readFileSync(devPath, 'utf8'));
  const { removed, matched, examples } = removeEvalOverlap(docs, dev);
  console.error(`dev-set check: ${matched} of ${dev.length} dev paragraphs found; ${removed} training paragraphs removed`);
  for (const e of examples) console.error(`  removed: ${e.slice(0, 120)}`);
  if (removed > maxRemoved) {
    throw new Error(`${removed} training paragraphs overlap ${devPath}: benchmark text has leaked into the corpus`);
  }
  return removed;
}

/** Writes data/en (train.txt, train-<source>.txt, heldout.txt, corpus.json) from the npm datasets. */
export function buildEnglish(outDir: string, seed = 1): void {
  const started = Date.now();
  const mail = splitHeldOut(mailDocuments(), HELDOUT_FRACTION, seed);
  // Held-out mail first, so a paragraph it shares with training text is dropped from training.
  const train = [...mail.kept, ...brownDocuments(), ...sotuDocuments(), ...mobyDickDocuments()];
  const repeated = dropRepeatedParagraphs([...mail.held, ...train]);
  console.error(`${repeated} repeated paragraphs dropped`);
  const devRemoved = scrubDevSet([...train, ...mail.held], join(PROJECT_ROOT, '..', 'shared', 'eval', 'data', 'en', 'dev.txt'));

  const shuffled = seededShuffle(train, seed).filter((d) => d.paragraphs.length > 0);
  const trainMail = shuffled.filter((d) => d.source === 'mail');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'train.txt'), formatDocuments(shuffled));
  writeFileSync(join(outDir, 'heldout.txt'), formatDocuments(mail.held));
  for (const source of Object.keys(SOURCE_PACKAGES) as EnglishSource[]) {
    writeFileSync(join(outDir, `train-${source}.txt`), formatDocuments(shuffled.filter((d) => d.source === source)));
  }

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
    repeatedParagraphsDropped: repeated,
  };
  writeFileSync(join(outDir, 'corpus.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  printCounts({ ...bySource, heldout: manifest.heldout }, outDir, started);
}

/** Removes paragraphs of `docs` inside, containing or nearly copying a dev paragraph of 8+ words. */
function scrubNearDevCopies(docs: PortugueseDocument[], devPath: string): number {
  if (!existsSync(devPath)) return 0;
  const { removed, examples } = removeNearDevCopies(docs, parseParagraphBlocks(readFileSync(devPath, 'utf8')));
  console.error(`dev-set check: ${removed} more training paragraphs removed (inside, containing or near copies of dev paragraphs)`);
  for (const e of examples) console.error(`  removed: ${e.slice(0, 120)}`);
  return removed;
}

/** Writes data/pt (train.txt, heldout.txt, corpus.json) from the Debian packages, installing them if needed. */
export function buildPortuguese(outDir: string, seed = 1): void {
  const started = Date.now();
  const packages = Object.values(PORTUGUESE_PACKAGES);
  ensureInstalled(packages);
  const docs = portugueseDocuments();
  const devPath = join(PROJECT_ROOT, '..', 'shared', 'eval', 'data', 'pt', 'dev.txt');
  const exactRemoved = scrubDevSet(asCorpusDocuments(docs), devPath, Number.POSITIVE_INFINITY);
  const devRemoved = exactRemoved === null ? null : exactRemoved + scrubNearDevCopies(docs, devPath);

  const heldIds = new Set(splitHeldOut(asCorpusDocuments(docs), HELDOUT_FRACTION, seed).held.map((d) => d.id));
  const live = docs.filter((d) => d.paragraphs.length > 0);
  const held = live.filter((d) => heldIds.has(d.id));
  const shuffled = seededShuffle(live.filter((d) => !heldIds.has(d.id)), seed);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'train.txt'), formatDocuments(asCorpusDocuments(shuffled)));
  writeFileSync(join(outDir, 'heldout.txt'), formatDocuments(asCorpusDocuments(held)));

  const sources = Object.keys(PORTUGUESE_PACKAGES) as PortugueseSource[];
  const bySource = Object.fromEntries(sources.map((s) => [s, stats(shuffled.filter((d) => d.source === s))]));
  const manifest = {
    lang: 'pt',
    seed,
    heldoutFraction: HELDOUT_FRACTION,
    packages: Object.fromEntries(packages.map((p) => [p, debianVersion(p)])),
    train: { ...stats(shuffled), bySource },
    heldout: stats(held),
    devParagraphsRemoved: devRemoved,
  };
  writeFileSync(join(outDir, 'corpus.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  printCounts({ ...bySource, heldout: manifest.heldout }, outDir, started);
}

function main(): void {
  const { values } = parseArgs({
    options: { lang: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const builders: Record<string, (outDir: string, seed: number) => void> = { en: buildEnglish, pt: buildPortuguese };
  const build = builders[values.lang ?? ''];
  if (!build) throw new Error(`--lang ${values.lang ?? '(missing)'}: supported languages are ${Object.keys(builders).join(', ')}`);
  build(resolve(values.out ?? join(PROJECT_ROOT, 'data', values.lang!)), seed);
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
