/**
 * Just enough MIME (RFC 822 / 2045 / 2046) to get the readable text out of a
 * mail message: header parsing, multipart splitting, quoted-printable and base64
 * decoding, and a rough HTML-to-text for messages that have no text/plain part.
 * Pure functions, no I/O.
 */

/** One message or body part: lower-cased header names to (unfolded) values, and the raw body. */
export interface MimeEntity {
  headers: Map<string, string>;
  body: string;
}

const MAX_DEPTH = 8; // nesting limit for multipart-in-multipart

/** Splits a message or part at the first blank line into parsed headers and body (folded headers joined). */
export function parseEntity(raw: string): MimeEntity {
  const text = raw.replace(/\r\n?/g, '\n');
  const blank = /(?:^|\n)[ \t]*\n/.exec(text);
  const head = blank ? text.slice(0, blank.index) : text;
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const m = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (m && !headers.has(m[1].toLowerCase())) headers.set(m[1].toLowerCase(), m[2].trim());
  }
  return { headers, body: blank ? text.slice(blank.index + blank[0].length) : '' };
}

/** The value of parameter `name` in a structured header such as `text/plain; charset="utf-8"`. */
export function headerParam(value: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Lower-case media type of an entity; `text/plain` when there is no Content-Type. */
export function mediaType(entity: MimeEntity): string {
  return (entity.headers.get('content-type') ?? 'text/plain').split(';')[0].trim().toLowerCase();
}

/** Bytes of a quoted-printable body (soft line breaks removed, `=XX` escapes decoded). */
export function quotedPrintableBytes(body: string): Uint8Array {
  const text = body.replace(/=[ \t]*\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? /^[0-9A-Fa-f]{2}/.exec(text.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      const code = text.charCodeAt(i);
      if (code < 256) bytes.push(code);
      else bytes.push(...new TextEncoder().encode(text[i]));
    }
  }
  return Uint8Array.from(bytes);
}

// windows-1252 characters at 0x80-0x9F (undefined bytes map to themselves). Node 20's
// TextDecoder decodes "windows-1252" as ISO-8859-1, leaving these as C1 controls.
const CP1252_C1 =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

/**
 * Decodes bytes with the named charset. Bytes that are not valid in it (mail that
 * says utf-8 but is windows-1252), and unknown charsets, fall back to windows-1252.
 * C1 control characters are read as windows-1252, which is what mail meant by them.
 */
export function decodeBytes(bytes: Uint8Array, charset = 'us-ascii'): string {
  let text: string;
  try {
    text = new TextDecoder(charset.trim().toLowerCase(), { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('latin1').decode(bytes);
  }
  return text.replace(/[\x80-\x9f]/g, (ch) => CP1252_C1[ch.charCodeAt(0) - 0x80]);
}

/** The body of a leaf entity as text, undoing its Content-Transfer-Encoding and charset. */
export function decodeBody(entity: MimeEntity): string {
  const encoding = (entity.headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  const charset = headerParam(entity.headers.get('content-type') ?? '', 'charset');
  if (encoding === 'quoted-printable') return decodeBytes(quotedPrintableBytes(entity.body), charset);
  if (encoding === 'base64') {
    const clean = entity.body.replace(/[^A-Za-z0-9+/=]/g, '');
    return decodeBytes(Uint8Array.from(Buffer.from(clean, 'base64')), charset);
  }
  return entity.body;
}

/** The parts of a multipart body delimited by `--boundary`, preamble and epilogue dropped. */
export function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      if (current) parts.push(current.join('\n'));
      current = [];
    } else if (current) {
      current.push(line);
    }
  }
  if (current) parts.push(current.join('\n'));
  return parts;
}

/** Decoded text/plain and text/html leaves of an entity, in order; attachments and forwarded messages skipped. */
export function collectTextParts(
  entity: MimeEntity,
  out: { plain: string[]; html: string[] } = { plain: [], html: [] },
  depth = 0,
): { plain: string[]; html: string[] } {
  const type = mediaType(entity);
  if (/^\s*attachment/i.test(entity.headers.get('content-disposition') ?? '')) return out;
  if (type.startsWith('multipart/')) {
    const boundary = headerParam(entity.headers.get('content-type') ?? '', 'boundary');
    if (!boundary || depth >= MAX_DEPTH) return out;
    for (const part of splitMultipart(entity.body, boundary)) {
      collectTextParts(parseEntity(part), out, depth + 1);
    }
  } else if (type === 'text/plain') {
    out.plain.push(decodeBody(entity));
  } else if (type === 'text/html') {
    out.html.push(decodeBody(entity));
  }
  return out;
}

const ENTITIES: Readonly<Record<string, string>> = Object.freeze({
  nbsp: ' ', lt: '<', gt: '>', quot: '"', apos: "'", mdash: '\u2014', ndash: '\u2013',
  hellip: '\u2026', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d',
  copy: '\u00a9', reg: '\u00ae', trade: '\u2122', bull: '\u2022', middot: '\u00b7',
});

/** Rough HTML to text: scripts/styles dropped, block tags become paragraph breaks, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|div|tr|table|h\d|li|ul|ol|blockquote|pre|hr|center)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&[#\w]+;/g, decodeEntities)
    .replace(/[ \t]*\n[ \t]*/g, '\n');
}

/** Decodes numeric and common named HTML entities (`&#8212;`, `&#x2014;`, `&mdash;`, `&amp;`); others are left alone. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d{1,7});/g, (_, n: string) => codePoint(Number(n)))
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, n: string) => codePoint(parseInt(n, 16)))
    .replace(/&([a-z]+);/gi, (m, name: string) => ENTITIES[name.toLowerCase()] ?? (name.toLowerCase() === 'amp' ? '&' : m));
}

function codePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ';
}

/** The readable text of a raw message: its text/plain parts, or its HTML parts as text if it has none. */
export function readableText(raw: string): string {
  const { plain, html } = collectTextParts(parseEntity(raw));
  // Feeds and webmail leak entities into text/plain too.
  if (plain.length > 0) return decodeEntities(plain.join('\n\n'));
  return html.map(htmlToText).join('\n\n');
}
