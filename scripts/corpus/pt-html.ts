/**
 * Markup stripping for the Portuguese help pages (LibreOffice, GIMP, Debian
 * Reference): HTML in, text blocks out. Block-level tags end a block, inline tags
 * vanish without a space (as the evaluation text was made), and whole elements
 * chosen by tag or class (navigation, code, option tables) are dropped with
 * everything inside them.
 */
import { cleanParagraph } from './text';

/** One block of text and the block-level tag it sits in ('h2', 'p', 'li', …; 'body' at top level). */
export interface HtmlBlock {
  tag: string;
  text: string;
}

/** Elements to drop with their contents: by tag name, or by any of their classes. */
export interface SkipRules {
  tags: ReadonlySet<string>;
  classes: ReadonlySet<string>;
}

/** Tags that start or end a paragraph. Everything else is inline. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'blockquote', 'body', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'html', 'li', 'main', 'ol', 'p', 'section', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'wbr']);

/** Named entities met in the help pages; numeric ones are decoded generically. */
const NAMED_ENTITIES: Readonly<Record<string, string>> = Object.freeze({
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', laquo: '«', raquo: '»', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’',
  rarr: '→', larr: '←', times: '×', deg: '°', ordm: 'º', ordf: 'ª', shy: '\u00ad', zwsp: '\u200b',
});

// Comments, doctype and processing instructions, tags (attributes may quote '>'), text, and a stray '<'.
const TOKEN_RE = /<!--[\s\S]*?-->|<[!?][^>]*>|<(\/?)([a-zA-Z][\w:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>|[^<]+|</g;
const RAW_TEXT_RE = /<(script|style)\b[\s\S]*?<\/\1\s*>/gi;
const CLASS_RE = /\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

/** Replaces character references (`&amp;`, `&#233;`, `&#xE9;`); unknown names are left as they are. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

function isSkipped(name: string, attributes: string, rules: SkipRules): boolean {
  if (rules.tags.has(name)) return true;
  const m = CLASS_RE.exec(attributes);
  const classes = (m?.[1] ?? m?.[2] ?? '').split(/\s+/);
  return classes.some((c) => rules.classes.has(c));
}

/**
 * Splits an HTML page into text blocks, each entity-decoded and cleaned
 * ({@link cleanParagraph}); empty blocks are left out. Scripts and styles are
 * always dropped; `rules` names further elements to drop with their contents.
 */
export function htmlBlocks(html: string, rules: SkipRules): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  const open: string[] = []; // enclosing block tags, innermost last
  let buffer = '';
  let skipping: string | null = null; // tag name of the element being dropped
  let depth = 0; // nesting of `skipping` inside itself

  const flush = (): void => {
    const text = cleanParagraph(decodeEntities(buffer));
    if (text) blocks.push({ tag: open.at(-1) ?? 'body', text });
    buffer = '';
  };

  for (const m of html.replace(RAW_TEXT_RE, ' ').matchAll(TOKEN_RE)) {
    const [token, slash, rawName, attributes = ''] = m;
    if (rawName === undefined) {
      const isText = token === '<' || token[0] !== '<'; // not a comment or doctype
      if (!skipping && isText) buffer += token;
      continue;
    }
    const name = rawName.toLowerCase();
    const closing = slash === '/';
    const selfClosing = VOID_TAGS.has(name) || attributes.trimEnd().endsWith('/');
    if (skipping) {
      if (name === skipping && !selfClosing) depth += closing ? -1 : 1;
      if (depth === 0) skipping = null;
      continue;
    }
    if (!closing && isSkipped(name, attributes, rules)) {
      if (BLOCK_TAGS.has(name)) flush();
      if (!selfClosing) [skipping, depth] = [name, 1];
      continue;
    }
    if (!BLOCK_TAGS.has(name)) continue;
    flush();
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at; // also closes blocks left open inside it
    } else if (!selfClosing) {
      open.push(name);
    }
  }
  flush();
  return blocks;
}
