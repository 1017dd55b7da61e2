/**
 * The noisy channel of typing: which prefixes the user may have meant when they typed a given
 * one, each with how likely that slip is next to typing it right. One edit of four kinds, the
 * ones people make on a keyboard (Damerau's): a neighbouring key instead of the right one, two
 * letters swapped, a letter left out, a key pressed as well. Keys are match keys (case-folded,
 * accents off), so the layouts need only their base letters.
 */

/** A prefix the user may have meant, and P(typed | meant) / P(typed | typed): the slip's cost. */
export interface Variant { key: string; penalty: number }

/** A keyboard: each letter's neighbouring letters (match keys). */
export type Keyboard = ReadonlyMap<string, string>;

/** How likely each kind of slip is, relative to typing right (tuned on the public dev text). */
export interface ChannelWeights {
  /**
   * a neighbouring key instead of the right one: the weight of each neighbour of a key with the
   * layout's mean number of neighbours; a key with fewer neighbours gives each of them more
   */
  neighbour: number;
  /** two adjacent letters swapped */
  swap: number;
  /** a letter left out (each letter that could go there; a doubled letter counts `doubled` times more) */
  omit: number;
  /** a key pressed as well: the same key twice, or a neighbour of the key before or after it (spread over its neighbours as `neighbour` is) */
  extra: number;
  /** any other key pressed as well */
  strayExtra: number;
  /** factor for a slip on the first letter, which people rarely get wrong */
  first: number;
  /** factor for a slip on the last letter typed, which the next letter may show to be no slip */
  last: number;
  doubled: number;
  /** shortest typed prefix that is corrected at all */
  minLength: number;
  /** corrections among each three places of the ranking while plain completions are left (3: no limit) */
  perThree: number;
  /**
   * A correction is offered only if its score is at least this share of the probability of all
   * plain completions together: where what was typed is a likely start of many words, a slip is unlikely.
   */
  massShare: number;
}

/**
 * Tuned on the public dev text (en: rescue@3 and letters after the error from
 * ../shared/eval/typo.py, KSR from score.py with corrections off and on; pt checked after). A
 * letter left out is the likeliest slip of one particular letter: a wrong key is as common a
 * slip, but it is one of four to six neighbours. The first letter slips a fifth as often, and a
 * correction must be likelier than all plain completions together.
 */
export const CHANNEL: ChannelWeights = Object.freeze({
  neighbour: 0.064, swap: 0.15, omit: 0.25, extra: 0.021, strayExtra: 0.003, first: 0.2, last: 1, doubled: 3, minLength: 2, perThree: 3, massShare: 1,
});

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** A layout's letter rows, staggered like a real keyboard; `fold` maps a key to its match key. */
function keyboard(rows: readonly string[], fold: (c: string) => string = (c) => c): Keyboard {
  const at = new Map<string, [number, number]>();
  rows.forEach((row, r) => [...row].forEach((c, i) => at.set(c, [r, i + 0.5 * r])));
  const near = new Map<string, Set<string>>();
  for (const [c, [r, x]] of at) {
    for (const [d, [r2, x2]] of at) {
      if (d === c || Math.abs(r2 - r) > 1 || Math.abs(x2 - x) > 1) continue;
      const fc = fold(c), fd = fold(d);
      if (fc !== fd) (near.get(fc) ?? near.set(fc, new Set()).get(fc)!).add(fd);
    }
  }
  return new Map([...near].map(([c, s]) => [c, [...s].sort().join('')]));
}

/** US QWERTY (English). */
export const QWERTY = keyboard(['qwertyuiop', 'asdfghjkl', 'zxcvbnm']);
/** Brazilian ABNT2 (Portuguese): QWERTY with ç beside l, which folds to c, so c also neighbours l, p and o. */
export const ABNT2 = keyboard(['qwertyuiop', 'asdfghjklç', 'zxcvbnm'], (c) => (c === 'ç' ? 'c' : c));

/** Each keyboard's mean number of neighbours per letter. */
const meanNeighbours = new WeakMap<Keyboard, number>();

/** How much likelier each neighbour of `key` is than a neighbour of a key with the mean number of them. */
function neighbourShare(kb: Keyboard, key: string): number {
  let mean = meanNeighbours.get(kb);
  if (mean === undefined) meanNeighbours.set(kb, (mean = [...kb.values()].reduce((n, near) => n + near.length, 0) / Math.max(1, kb.size)));
  const n = kb.get(key)?.length ?? 0;
  return n > 0 ? mean / n : 1;
}

/** The keyboard people writing a language use most. */
export function keyboardFor(lang: string): Keyboard {
  return lang.toLowerCase().startsWith('pt') ? ABNT2 : QWERTY;
}

/**
 * Every prefix one slip away from `typed` (a match key), with its penalty; `typed` itself is
 * not among them. A variant reached by several slips keeps the likeliest.
 */
export function typoVariants(typed: string, kb: Keyboard, w: ChannelWeights = CHANNEL): Variant[] {
  const n = typed.length, best = new Map<string, number>();
  if (n < w.minLength) return [];
  const add = (key: string, penalty: number, at: number) => {
    if (key === typed || key === '') return;
    const p = penalty * (at === 0 ? w.first : 1) * (at === n - 1 ? w.last : 1);
    if (p > (best.get(key) ?? 0)) best.set(key, p);
  };
  for (let i = 0; i < n; i++) {
    const c = typed[i], head = typed.slice(0, i), tail = typed.slice(i + 1);
    // Typed c where a neighbour was meant.
    for (const d of kb.get(c) ?? '') add(head + d + tail, w.neighbour * neighbourShare(kb, d), i);
    // Typed c d where d c was meant.
    if (i + 1 < n && typed[i + 1] !== c) add(head + typed[i + 1] + c + typed.slice(i + 2), w.swap, i);
    // c was pressed as well: next to the key before or after it, or the same key twice. (On
    // the last letter this offers the completions of the rest: the `last` factor weighs that.)
    if (n >= 3) {
      const prev = typed[i - 1] ?? '', next = typed[i + 1] ?? '';
      const penalty = c === prev || c === next ? w.extra
        : (kb.get(prev) ?? '').includes(c) ? w.extra * neighbourShare(kb, prev)
          : (kb.get(next) ?? '').includes(c) ? w.extra * neighbourShare(kb, next) : w.strayExtra;
      add(head + tail, penalty, i);
    }
    // A letter was left out before c.
    if (i > 0 || n >= 3) for (const d of LETTERS) add(head + d + typed.slice(i), d === c || d === typed[i - 1] ? w.omit * w.doubled : w.omit, i);
  }
  return [...best].map(([key, penalty]) => ({ key, penalty }));
}
