/**
 * Turns one raw RFC 822 message into the prose its author wrote: headers,
 * quoted text, attributions, signatures, list footers, PGP armour, URLs-only
 * lines and code/table lines are dropped; wrapped lines are joined into
 * paragraphs. Pure functions, no I/O.
 */
import { readableText } from './mime';
import { cleanParagraph, isProse } from './text';

// Everything from one of these lines on is signature, footer or someone else's mail.
const CUT_RES: readonly RegExp[] = [
  /^-- ?$/, // signature delimiter (and "--" from clients that trim it)
  /^_{10,}\s*$/, // list footer / webmail signature rule
  /^\s*-{2,}\s*Original Message\s*-{2,}/i,
  /Yahoo! Groups Sponsor/i,
  /^Do [Yy]ou Yahoo!\?/,
];

// A quoted line: `>` or `|` quoting, supercite `Name>` quoting, `)` quoting.
const QUOTED_RE = /^\s*(?:[>|]|[A-Za-z]{1,5}>|\)(?:\s|$))/;

// Header-like lines in a body: forwarded headers, RSS item fields, PGP "Hash:".
const HEADER_RE =
  /^\s*(?:From|To|Cc|Bcc|Date|Sent|Subject|Reply-To|Message-ID|Organization|Newsgroups|References|In-Reply-To|URL|Hash|Importance|X-[\w-]+)\s*:/i;

// Any other "Hyphenated-Name: value" line ("Forwarded-by:", "X-Mailer:") is a header too.
const HYPHEN_HEADER_RE = /^\s*[A-Z][A-Za-z]*(?:-[A-Za-z]+)+:\s/;
// Shell/script comments and news-feed bylines ("... posted by pudge on Monday August 26, @14:41").
const COMMENT_RE = /^\s*#(?!\d)/;
const BYLINE_RE = /\bposted by \S+ on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b/i;

const FORWARD_RE = /^\s*-*\s*(?:(?:begin|start|end)\s+(?:of\s+)?)?forwarded\s+(?:message|text|by)\b/i;

// Attribution lines: "On <date>, <name> wrote:", "<name> writes:", "Quoting <name>:".
const ATTRIBUTION_END_RE = /\b(?:wrote|writes|said|says|typed|spake)\s*:\s*$/i;
const ATTRIBUTION_START_RE = /^\s*(?:On|At|In|Quoting|Once upon|Around|Le)\b/;
const QUOTING_RE = /^\s*Quoting\b.*:\s*$/;

// A line framed by box characters: "* Huntsville, AL 35899  This space for rent *".
const BOXED_RE = /^\s*([*|#+])\s.*\s\1\s*$/;

// News-feed furniture inside prose: footnote markers "[1]" and image placeholders "[IMG: url]".
const FEED_MARK_RE = /\[(?:\d{1,3}|IMG:[^\]]*)\]/g;

// Marker lines framed by dashes: "------- Additional Comments From x 2002-09-21 -------".
const DASH_FRAMED_RE = /^\s*-{3,}.*-{3,}\s*$/;

const URL_ONLY_RE = /^\s*<?(?:(?:https?|ftp|mailto|news):\S+|www\.\S+)>?\s*$/i;

// A paragraph with one of these is list furniture, whatever else it says.
const FOOTER_RE =
  /unsubscribe|https?:\/\/lists\.|lists\.(?:sourceforge|sf)\.net|listinfo|mailman|Yahoo! Groups|egroups\.com|sponsored by|\bsponsor\b|\(un\)subscri|list maintainer|sf\.net email|To post a message/i;
// "mailing list" marks footers ("Foo-talk mailing list") but also turns up in prose; drop only short blocks.
const MAILING_LIST_RE = /mailing list/i;
const MAILING_LIST_MAX_WORDS = 25;

// Pasted raw mail or HTML inside a body: two header fields or two tags in one paragraph.
const HEADER_FIELD_RE =
  /\b(?:Return-Path|Received|Delivered-To|Message-I[Dd]|Content-Type|Content-Transfer-Encoding|MIME-Version|From|To|Cc|Subject|Date|X-[\w-]+):/g;
const HTML_TAG_RE = /<\/?(?:p|br|font|a|div|span|table|td|tr|img|b|i|u|html|body|head|meta|center|ul|li)\b[^>]*>/gi;

// The corpus stores some windows-1252 text already decoded to U+FFFD; most of it was a
// right single quote in a contraction ("he\uFFFDs"), which we can put back.
const LOST_APOSTROPHE_RE = /(?<=\p{L})\uFFFD(?=(?:s|t|d|m|ll|re|ve)(?!\p{L}))/gu;

// Pasted Tcl stack traces (exmh bug reports) read like prose to the token test.
const STACK_TRACE_RE = /invoked from within|while executing "|\(procedure "/;

const CODE_CHARS = new Set('{}[]<>=|\\#$%^*~/@_;&+');

/** True for a line that is mostly symbols (code, tables, ASCII art, rules) or one long unbroken token. */
export function isSymbolic(line: string): boolean {
  const chars = line.replace(/\s+/g, '');
  if (chars.length === 0) return false;
  let letters = 0;
  let code = 0;
  for (const ch of chars) {
    if (/\p{L}/u.test(ch)) letters++;
    else if (CODE_CHARS.has(ch)) code++;
  }
  if (letters / chars.length < 0.5 || code / chars.length > 0.1) return true;
  return chars.length > 40 && !/\s/.test(line.trim()); // base64, uuencode, long tokens
}

/** True for a line that starts the part of a message that is not the author's prose. */
export function isCutLine(line: string): boolean {
  return CUT_RES.some((re) => re.test(line));
}

/** True for a line that is not prose but does not end the message: quotes, headers, URLs, code. */
export function isNoiseLine(line: string): boolean {
  return (
    QUOTED_RE.test(line) ||
    HEADER_RE.test(line) ||
    HYPHEN_HEADER_RE.test(line) ||
    COMMENT_RE.test(line) ||
    BYLINE_RE.test(line) ||
    FORWARD_RE.test(line) ||
    QUOTING_RE.test(line) ||
    URL_ONLY_RE.test(line) ||
    BOXED_RE.test(line) ||
    DASH_FRAMED_RE.test(line) ||
    isSymbolic(line)
  );
}

/** True for a joined paragraph that is list or webmail furniture, or pasted raw headers, HTML or stack traces. */
export function isFooter(paragraph: string): boolean {
  if (FOOTER_RE.test(paragraph)) return true;
  if ((paragraph.match(HEADER_FIELD_RE)?.length ?? 0) >= 2) return true;
  if ((paragraph.match(HTML_TAG_RE)?.length ?? 0) >= 2) return true;
  if (STACK_TRACE_RE.test(paragraph)) return true;
  return MAILING_LIST_RE.test(paragraph) && paragraph.split(/\s+/).length <= MAILING_LIST_MAX_WORDS;
}

/**
 * Groups the author's own lines of a decoded body into paragraphs (arrays of lines).
 * Blank lines and every dropped line end a paragraph, so replies interleaved with
 * quotes never run together.
 */
export function bodyBlocks(body: string): string[][] {
  const blocks: string[][] = [];
  let block: string[] = [];
  const flush = (): void => {
    if (block.length > 0) blocks.push(block);
    block = [];
  };
  let inArmor = false;
  let clearSigned = false;
  for (const rawLine of body.split('\n')) {
    // Clear-signed PGP text dash-escapes lines that start with "-".
    const line = clearSigned && rawLine.startsWith('- ') ? rawLine.slice(2) : rawLine;
    if (inArmor) {
      inArmor = !/^-----END PGP /.test(line);
      continue;
    }
    if (/^-----BEGIN PGP SIGNED MESSAGE-----/.test(line)) {
      clearSigned = true;
      flush();
      continue;
    }
    if (/^-----BEGIN PGP /.test(line)) {
      inArmor = true;
      flush();
      continue;
    }
    if (isCutLine(line)) break;
    if (ATTRIBUTION_END_RE.test(line) && line.split(/\s+/).length <= 25) {
      // A wrapped attribution ("On Thu, ..., Name\nwrote:") leaves its first line in the block.
      if (block.length <= 2 && block.length > 0 && ATTRIBUTION_START_RE.test(block[0])) block = [];
      flush();
      continue;
    }
    if (line.trim() === '' || isNoiseLine(line)) {
      flush();
      continue;
    }
    block.push(line.trim());
  }
  flush();
  return blocks;
}

/**
 * Clean body prose of one raw RFC 822 message: one string per paragraph,
 * normalized (NFC, ASCII quotes and dashes, single spaces) and kept only if it
 * passes the prose test of the evaluation kit. Paragraphs with characters lost
 * to U+FFFD (other than contraction apostrophes) are dropped.
 */
export function cleanMailBody(raw: string): string[] {
  return bodyBlocks(readableText(raw))
    .map((lines) => cleanParagraph(lines.join(' ').replace(FEED_MARK_RE, '')).replace(LOST_APOSTROPHE_RE, "'"))
    .filter((p) => !p.includes('\uFFFD') && isProse(p) && !isFooter(p));
}
