// The metrics of ../shared/eval/METRICS.md (reference: kit/metrics.py), for in-process scoring.
import { readFileSync } from 'node:fs';

const WORD_RE = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** A predictor: in-process (sync) or behind the line protocol (async). */
export type PredictFn = (context: string, prefix: string, k: number) => string[] | Promise<string[]>;

export interface Scores {
  docs: number; words: number; chars: number; top1: number; top3: number; ksr: number;
  calls: number; callMsMedian: number; callMsP95: number;
}

/** Documents of a split file: blocks separated by blank lines, whitespace collapsed. */
export function readDocs(path: string): string[] {
  return readFileSync(path, 'utf8').split(/\n\s*\n/).map((b) => b.split(/\s+/).filter(Boolean).join(' ')).filter(Boolean);
}

export function countWords(text: string): number { return text.match(WORD_RE)?.length ?? 0; }

/** Every k-th document so that about `target` words are spread over the split (as metrics.subsample). */
export function subsample(docs: string[], target: number): string[] {
  if (!target) return docs;
  const total = docs.reduce((n, d) => n + countWords(d), 0);
  const k = Math.max(1, Math.round(total / target));
  return docs.filter((_, i) => i % k === 0);
}

const hit = (word: string, preds: string[], k: number) => preds.slice(0, k).some((p) => String(p).toLowerCase() === word);

/**
 * Keystrokes to type `doc` from an empty field under KSR@3 (METRICS.md): a word costs the letters
 * typed before it is among the suggestions plus one to accept it (which takes the space after it),
 * or all its letters; what lies between words is typed. `suggestedAt(word)` gives how many of a
 * word's letters are typed before it is suggested (−1: never), asked for the words in order.
 */
export async function typingKeys(doc: string, suggestedAt: (word: RegExpExecArray) => number | Promise<number>): Promise<number> {
  let pos = 0, keys = 0; // pos: first character (code unit offset) not yet typed
  const cps = (a: number, b: number) => [...doc.slice(a, b)].length; // empty when a passed b
  for (const m of doc.matchAll(WORD_RE)) {
    const e = m.index + m[0].length, at = await suggestedAt(m);
    keys += cps(pos, m.index) + (at >= 0 ? at + 1 : [...m[0]].length);
    pos = at >= 0 && doc[e] === ' ' ? e + 1 : e;
  }
  return keys + cps(pos, doc.length);
}

/**
 * Next-word top-1/top-3 and KSR@3 over documents typed from an empty field; `observe` is
 * called with each document after it is typed (online learning).
 */
export async function evaluate(predict: PredictFn, docs: string[], observe?: (doc: string) => void | Promise<unknown>): Promise<Scores> {
  let words = 0, top1 = 0, top3 = 0, chars = 0, keys = 0;
  const lat: number[] = [];
  for (const doc of docs) {
    chars += [...doc].length;
    keys += await typingKeys(doc, async (m) => {
      const target = m[0].toLowerCase(), letters = [...m[0]];
      words++;
      for (let i = 0; i < letters.length; i++) {
        const t0 = performance.now();
        const preds = (await predict(doc.slice(0, m.index), letters.slice(0, i).join(''), 3)).slice(0, 3);
        lat.push(performance.now() - t0);
        if (i === 0) { top1 += +hit(target, preds, 1); top3 += +hit(target, preds, 3); }
        if (hit(target, preds, 3)) return i;
      }
      return -1;
    });
    await observe?.(doc);
  }
  lat.sort((a, b) => a - b);
  const q = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN);
  return { docs: docs.length, words, chars, top1: top1 / words, top3: top3 / words, ksr: 1 - keys / chars, calls: lat.length, callMsMedian: q(0.5), callMsP95: q(0.95) };
}
