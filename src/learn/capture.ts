import { normalizeText, tokenize } from '../text/tokenize';
import { lastChars } from '../text/words';

/**
 * What of a field's text becomes a writing sample. Pure rules; the content script gathers the
 * input and the background stores the result. Only the user's own typing is kept: never from
 * sensitive fields, blocked sites or private windows, and never pasted blocks.
 */

export interface CaptureInput {
  /** the field's whole text when the draft was committed (blur, submit, typing pause) */
  text: string;
  /** [start, end) offsets into `text` of text that was pasted, not typed */
  pastedRanges: [number, number][];
  field: { sensitive: boolean };
  site: { blocked: boolean; incognito: boolean };
  settings: { learning: boolean };
}

export interface CaptureLimits {
  /** keep at most the last this many characters (UTF-16 code units) */
  maxChars: number;
  /** fewer words than this is not worth learning */
  minWords: number;
}

export type CaptureRefusal = 'sensitive' | 'blocked' | 'incognito' | 'learning-off' | 'too-short' | 'pasted' | 'not-prose';
export type CaptureResult = { ok: true; text: string } | { ok: false; reason: CaptureRefusal };

export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = { maxChars: 4000, minWords: 3 };

/** Characters that are common in code and rare in prose. */
const CODE_SYMBOLS = /[{}[\];=<>|\\]/g;

/**
 * Decides whether `input` yields a sample and returns its text: pasted ranges removed (each
 * gap becomes a line break, so no word pair spans it), whitespace collapsed (line breaks kept
 * as single newlines), cut to the last `maxChars` at a word boundary.
 */
export function captureSample(input: CaptureInput, limits: CaptureLimits = DEFAULT_CAPTURE_LIMITS): CaptureResult {
  if (!input.settings.learning) return { ok: false, reason: 'learning-off' };
  if (input.site.incognito) return { ok: false, reason: 'incognito' };
  if (input.site.blocked) return { ok: false, reason: 'blocked' };
  if (input.field.sensitive) return { ok: false, reason: 'sensitive' };

  // NFC, so offsets into the stored text and into its normalized form (textWords) agree.
  const text = lastChars(collapseWhitespace(withoutRanges(input.text, input.pastedRanges)), limits.maxChars).normalize('NFC');
  const { words, junk, symbols } = measure(text);
  // Mostly links, numbers or identifiers, or symbol-dense: code or data, not the user's prose.
  const notProse = junk > words || symbols * 2 >= words;
  if (notProse && words + junk >= limits.minWords) return { ok: false, reason: 'not-prose' };
  if (words < limits.minWords) {
    const hadPaste = input.pastedRanges.some(([s, e]) => e > s);
    const typedAndPasted = hadPaste ? measure(collapseWhitespace(input.text)).words : 0;
    return { ok: false, reason: typedAndPasted >= limits.minWords ? 'pasted' : 'too-short' };
  }
  return { ok: true, text };
}

/** `text` without the given [start, end) ranges; each removed range becomes a newline. */
export function withoutRanges(text: string, ranges: readonly [number, number][]): string {
  const clamped = ranges
    .map(([s, e]) => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of clamped) {
    if (s > at) out += text.slice(at, s);
    if (e > at) {
      out += '\n';
      at = e;
    }
  }
  return out + text.slice(at);
}

/** Runs of whitespace → one space, or one newline if the run held a line break; trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, (run) => (/[\n\r\u2028\u2029]/.test(run) ? '\n' : ' ')).trim();
}

/** Counts words, junk pieces (URLs, e-mail addresses, numbers, identifiers) and code symbols. */
function measure(text: string): { words: number; junk: number; symbols: number } {
  let words = 0;
  let junk = 0;
  for (const piece of tokenize(normalizeText(text))) {
    if (piece.kind === 'word') words++;
    else if (piece.kind === 'url' || piece.kind === 'num' || piece.kind === 'code') junk++;
  }
  return { words, junk, symbols: text.match(CODE_SYMBOLS)?.length ?? 0 };
}
