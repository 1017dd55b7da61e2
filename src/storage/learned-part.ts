import type { Sample } from './db';

/**
 * Which part of a sample the personal model holds. A draft the user went on writing is learned
 * again only from where learning stopped; an edited one keeps the version that was learned, so
 * deleting it subtracts exactly what was added.
 */

/** A 32-bit FNV-1a hash of a string's UTF-16 units: tells whether a learned start is unchanged. */
export function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Where learning of a sample resumes: after the part already learned when the user only added
 * to it (the learned start is unchanged), else from the start (it was edited).
 */
export function unlearnedFrom(sample: Sample): number {
  const n = sample.learnedChars;
  if (typeof sample.learnedText === 'string') return 0;
  if (n === undefined || n > sample.text.length || !Number.isInteger(n)) return 0;
  return textHash(sample.text.slice(0, n)) === sample.learnedHash ? n : 0;
}

/**
 * What the personal model holds of a sample: the part learned (a start of its text, or the
 * whole earlier version if it was edited since). Deleting the sample subtracts exactly this.
 */
export function learnedPart(sample: Sample): string {
  if (typeof sample.learnedText === 'string') return sample.learnedText;
  if (sample.learnedChars === undefined) return sample.learned === 1 ? sample.text : '';
  return sample.text.slice(0, unlearnedFrom(sample));
}

/** The learned-part fields a new version `text` of a stored sample keeps (see learnedPart). */
export function learnedRecord(base: Sample | undefined, text: string): Pick<Sample, 'learnedChars' | 'learnedHash' | 'learnedText'> {
  if (!base) return {};
  const part = learnedPart(base);
  if (!part) return {};
  // The user only added to it: the learned start stays valid. Else keep the learned version itself.
  if (typeof base.learnedText !== 'string' && text.startsWith(part)) return { learnedChars: part.length, learnedHash: textHash(part) };
  return { learnedText: part };
}
