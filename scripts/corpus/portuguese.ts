/**
 * Reads the four Brazilian Portuguese training sources (Debian packages) and
 * returns them as documents of clean prose paragraphs:
 * - `libreoffice-help-pt-br`: one document per help page;
 * - `gimp-help-pt-br`: one document per help page;
 * - `debian-reference-pt-br`: one document per section (h2) of each chapter;
 * - `fortunes-br`: one document per fortune;
 * - `focalinux-html` (Guia Foca GNU/Linux, Latin-1 HTML): one document per section (h2) of each chapter.
 * `manpages-pt-br` is held-out text and is never read.
 */
import { readFileSync } from 'node:fs';
import type { CorpusDocument } from './english';
import { packageFiles } from './pt-debian';
import { type HtmlBlock, type SkipRules, htmlBlocks } from './pt-html';
import { WORD_RE, cleanParagraph, isProse } from './text';

/** Which package a document came from. */
export type PortugueseSource = 'libreoffice' | 'gimp' | 'debian-reference' | 'fortunes' | 'focalinux';

/** A Portuguese document: the shape of {@link CorpusDocument}, with a Portuguese source. */
export type PortugueseDocument = Omit<CorpusDocument, 'source'> & { source: PortugueseSource };

export const PORTUGUESE_PACKAGES: Readonly<Record<PortugueseSource, string>> = Object.freeze({
  libreoffice: 'libreoffice-help-pt-br',
  gimp: 'gimp-help-pt-br',
  'debian-reference': 'debian-reference-pt-br',
  fortunes: 'fortunes-br',
  focalinux: 'focalinux-html',
});

/** Page furniture, code and option tables dropped from every help page. */
const HELP_SKIP: SkipRules = {
  tags: new Set(['head', 'header', 'footer', 'nav', 'aside', 'noscript', 'pre', 'form', 'button', 'select']),
  classes: new Set([
    'navheader', 'navfooter', 'toc', 'debug', 'bascode', 'pycode', // navigation, debug info, code samples
    'table', 'informaltable', 'footnotes', 'reportbug', // debian-reference package/option tables
    'icontable', 'iconcell', // LibreOffice toolbar icon legends
  ]),
};

// Captions ("Figura 17.207. …"), numbered headings ("5.8.1. Visão geral"), licence lines.
const BOILERPLATE_RE = /^(?:(?:Figura|Tabela|Exemplo|Equação|Procedimento) \d+(?:\.\d+)*\.|\d+(?:\.\d+)+\.? |Copyright\b|\(c\)|©)/i;
// Method signatures of the Basic/Python API pages: "svc.DMin(range: str): float".
const SIGNATURE_RE = /\b\w+\.\w+\s?\(|\)\s*(?:As \w+|:\s*\w+)$/;

// Frequent function words only one of the two languages uses ("a", "as", "e", "do", "no" are left out: both have them).
const PORTUGUESE_WORDS = new Set(
  'de o que da em um uma para é com não os na se por mais dos das como mas ao à você pode ou seu sua este esta são pelo pela'.split(' '),
);
const ENGLISH_WORDS = new Set(
  'the of and to is in this that for with can be are on it or you your an by from if will which not these'.split(' '),
);

/** Portuguese function words minus English ones in `text` (lower-cased word tokens). */
export function portugueseBalance(text: string): number {
  let balance = 0;
  for (const [w] of text.toLowerCase().matchAll(WORD_RE)) {
    if (PORTUGUESE_WORDS.has(w)) balance++;
    else if (ENGLISH_WORDS.has(w)) balance--;
  }
  return balance;
}

/** Whether a cleaned paragraph is prose worth training on (language aside). */
export function isTrainingProse(paragraph: string): boolean {
  return isProse(paragraph) && !BOILERPLATE_RE.test(paragraph) && !SIGNATURE_RE.test(paragraph);
}

/**
 * The Portuguese prose among a document's paragraphs. Pages left partly
 * untranslated mix in English; a paragraph without telling words (a heading)
 * follows the language of its whole document.
 */
export function portugueseProse(paragraphs: readonly string[]): string[] {
  const prose = paragraphs.filter(isTrainingProse);
  const documentIsPortuguese = portugueseBalance(prose.join(' ')) > 0;
  return prose.filter((p) => {
    const balance = portugueseBalance(p);
    return balance > 0 || (balance === 0 && documentIsPortuguese);
  });
}

/** The Portuguese prose paragraphs of an HTML help page. */
export function helpPageParagraphs(html: string): string[] {
  return portugueseProse(htmlBlocks(html, HELP_SKIP).map((b) => b.text));
}

/** Groups blocks into sections, a new one starting at each block with tag `headingTag`. */
export function splitSections(blocks: readonly HtmlBlock[], headingTag: string): HtmlBlock[][] {
  const sections: HtmlBlock[][] = [[]];
  for (const b of blocks) {
    if (b.tag === headingTag && sections.at(-1)!.length > 0) sections.push([]);
    sections.at(-1)!.push(b);
  }
  return sections.filter((s) => s.length > 0);
}

/**
 * Splits a fortune file (entries separated by lines holding only `%`) into
 * fortunes, each a list of paragraphs: blank lines separate paragraphs, lines
 * are joined, and attribution lines ("-- Author") are dropped.
 */
export function splitFortunes(text: string): string[][] {
  return text
    .split(/^%[ \t]*$/m)
    .map((entry) =>
      entry
        .split('\n')
        .filter((line) => !/^\s*--\s/.test(line))
        .join('\n')
        .split(/\n[ \t]*\n/)
        .map(cleanParagraph)
        .filter(Boolean),
    )
    .filter((paragraphs) => paragraphs.length > 0);
}

/** Paths of the files of `pkg` that match `pattern`, sorted so documents come in a stable order. */
function sourceFiles(pkg: string, pattern: RegExp): string[] {
  return packageFiles(pkg)
    .filter((path) => pattern.test(path))
    .sort();
}

function helpPages(source: 'libreoffice' | 'gimp', pattern: RegExp): PortugueseDocument[] {
  return sourceFiles(PORTUGUESE_PACKAGES[source], pattern).map((path) => ({
    source,
    id: path,
    paragraphs: helpPageParagraphs(readFileSync(path, 'utf8')),
  }));
}

/** Chapters of a manual as one document per h2 section; `encoding` is the files' charset. */
function sectionDocuments(source: 'debian-reference' | 'focalinux', pattern: RegExp, encoding: BufferEncoding): PortugueseDocument[] {
  return sourceFiles(PORTUGUESE_PACKAGES[source], pattern).flatMap((path) =>
    splitSections(htmlBlocks(readFileSync(path, encoding), HELP_SKIP), 'h2').map((blocks, i) => ({
      source,
      id: `${path}#${i}`,
      paragraphs: portugueseProse(blocks.map((b) => b.text)),
    })),
  );
}

function fortuneDocuments(): PortugueseDocument[] {
  return sourceFiles(PORTUGUESE_PACKAGES.fortunes, /\/fortunes\/[^/.]+$/).flatMap((path) =>
    splitFortunes(readFileSync(path, 'utf8')).map((paragraphs, i) => ({
      source: 'fortunes' as const,
      id: `${path}#${i}`,
      paragraphs: portugueseProse(paragraphs),
    })),
  );
}

/**
 * All documents of the four packages (which must be installed), in a fixed
 * order, with every paragraph kept only at its first occurrence: the help pages
 * embed the same notes and headings in many pages.
 */
export function portugueseDocuments(): PortugueseDocument[] {
  const docs = [
    ...helpPages('libreoffice', /\/help\/pt-BR\/text\/.*\.html$/),
    ...helpPages('gimp', /\/help\/pt_BR\/[^/]+\.html$/),
    ...sectionDocuments('debian-reference', /\/(?:ch\d+|apa|pr\d+)\.pt-br\.html$/, 'utf8'),
    ...fortuneDocuments(),
    ...sectionDocuments('focalinux', /\/focalinux\/html\/[^/]+\/ch-[^/]+\.html$/, 'latin1'), // iso-8859-1 pages
  ];
  const seen = new Set<string>();
  for (const d of docs) {
    d.paragraphs = d.paragraphs.filter((p) => !seen.has(p) && seen.add(p));
  }
  return docs.filter((d) => d.paragraphs.length > 0);
}

/** split.ts types its documents as English; its functions read only `id` and `paragraphs`. */
export function asCorpusDocuments(docs: PortugueseDocument[]): CorpusDocument[] {
  return docs as unknown as CorpusDocument[];
}
