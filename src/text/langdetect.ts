/**
 * Which language is the user typing? A naive-Bayes guess over character 1–3-grams
 * of words padded with spaces (" nao " gives "n", " n", " na", "nao", "ao ", …).
 * Letters are case- and accent-folded, so "nao" and "não" look alike; accented
 * letters also count once more on their own, as extra evidence when present.
 * Profiles (per-language log-probabilities of the most frequent n-grams) come
 * from scripts/build-langdetect.ts.
 */
import { LANGDETECT_PROFILES } from './langdetect-profiles.generated';
import type { ModelLanguage } from './languages';

/** Languages the detector can tell apart. */
/** The detector tells apart the model languages (scripts/build-langdetect.ts builds a profile for each). */
export type DetectedLanguage = ModelLanguage;

/** One language's n-gram model: natural-log probabilities, and the log-probability of any other n-gram. */
export interface LanguageProfile {
  floor: number;
  logProb: Readonly<Record<string, number>>;
}

/** A guess: the likelier language and how sure we are, from 0 (a coin toss) to 1. */
export interface LanguageGuess {
  lang: DetectedLanguage;
  confidence: number;
}

/** Below this many words the guess is given a low confidence (at most 1/3). */
export const MIN_CONFIDENT_WORDS = 3;
/**
 * Log-likelihood margin (nats) per word that makes the guess about 73 % likely:
 * a word yields a dozen n-grams that are far from independent, so raw
 * naive-Bayes margins are much too sure of themselves.
 */
const NATS_PER_WORD_EVIDENCE = 6;
const MAX_N = 3;

const WORD_IN_TEXT_RE = /\p{L}+(?:'\p{L}+)*/gu;
const MARKS_RE = /\p{M}/gu;

/** Lower-case and strip diacritics: "Não" -> "nao". */
export function foldLetters(text: string): string {
  return text.normalize('NFD').replace(MARKS_RE, '').toLowerCase().normalize('NFC');
}

/** Words of `text` (letter runs with inner apostrophes), as written. */
export function lettersWords(text: string): string[] {
  return text.normalize('NFC').match(WORD_IN_TEXT_RE) ?? [];
}

/**
 * The features of `text`: character 1–3-grams of each folded word padded with
 * a space on each side (the lone space left out), then each accented letter.
 */
export function textFeatures(text: string): string[] {
  const out: string[] = [];
  for (const word of lettersWords(text)) {
    const padded = [...` ${foldLetters(word)} `];
    for (let n = 1; n <= MAX_N; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        const gram = padded.slice(i, i + n).join('');
        if (gram !== ' ') out.push(gram);
      }
    }
    for (const ch of word.toLowerCase()) if (ch.normalize('NFD').length > 1) out.push(ch); // "ã", "ç"
  }
  return out;
}

/**
 * Guesses the language of `text`. Features no profile knows are ignored;
 * confidence is 2·P(lang) − 1 with the naive-Bayes margin tempered per word,
 * and at most 1/3 under {@link MIN_CONFIDENT_WORDS} words. Empty text: English,
 * confidence 0.
 */
export function detectLanguage(
  text: string,
  profiles: Readonly<Record<DetectedLanguage, LanguageProfile>> = LANGDETECT_PROFILES,
): LanguageGuess {
  const langs = Object.keys(profiles) as DetectedLanguage[];
  const score = new Map<DetectedLanguage, number>(langs.map((l) => [l, 0]));
  for (const f of textFeatures(text)) {
    if (!langs.some((l) => f in profiles[l].logProb)) continue;
    for (const l of langs) score.set(l, score.get(l)! + (profiles[l].logProb[f] ?? profiles[l].floor));
  }
  const ranked = [...score].sort((a, b) => b[1] - a[1]);
  const words = lettersWords(text).length;
  if (words === 0 || ranked.length < 2) return { lang: ranked[0]?.[0] ?? 'en', confidence: 0 };
  const margin = (ranked[0][1] - ranked[1][1]) / NATS_PER_WORD_EVIDENCE; // two languages: logit of P(best)
  const sure = 2 / (1 + Math.exp(-margin)) - 1;
  const shortness = words < MIN_CONFIDENT_WORDS ? words / MIN_CONFIDENT_WORDS / 3 : 1;
  return { lang: ranked[0][0], confidence: sure * shortness };
}
