/**
 * Where phrase suggestions can gain (issue 16), in process: replays ../shared/eval/phrase.py's
 * typing with single words (through the extension's learning pipeline, as `serve`), recording
 * each word's keystrokes and every phrase the search finds at its boundary down to --floor. Then
 * it replays phrase.py's acceptance rule on that record for
 *  - the engine's rule at several thresholds (at the shipped one it gives phrase.py's figures),
 *  - the ceiling of the search: a perfect choice among all it found (shown only where right),
 *  - with --personal, the ceiling of the user's own repeats: where the next two or more words,
 *    with their punctuation, were written before after the same 2, 1 or 0 words (adapt.txt, the
 *    test documents before, the document so far), chosen perfectly.
 *
 *   npx tsx scripts/eval/phrase-analysis.ts --personal ../shared/eval/data/en/personal
 *   npx tsx scripts/eval/phrase-analysis.ts --text ../shared/eval/data/en/dev.txt --words 5000
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createEngine } from '../../src/engine/engine';
import { PHRASE, PhraseSearch, type PhraseCandidate } from '../../src/engine/phrase-search';
import { ServeSession, answer } from './serve';

const { values: v } = parseArgs({ options: { personal: { type: 'string' }, text: { type: 'string' }, words: { type: 'string', default: '5000' }, floor: { type: 'string', default: '0.03' } } });
const FLOOR = Number(v.floor);
/** phrase.py's word (textutil.WORD_RE): letters or digits, joined by inner apostrophes. */
const WORD_RE = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const readDocs = (file: string) => readFileSync(file, 'utf8').split(/\n\s*\n/).map((b) => b.split(/\s+/).filter(Boolean).join(' ')).filter(Boolean);
const wordCount = (d: string) => [...d.matchAll(WORD_RE)].length;
/** metrics.subsample: every k-th document, k = round(total / target). */
function subsample(docs: string[], target: number): string[] {
  const k = Math.max(1, Math.round(docs.reduce((a, d) => a + wordCount(d), 0) / target));
  return docs.filter((_, i) => i % k === 0);
}

interface Word { s: number; e: number; cost: number; predicted: boolean; candidates: PhraseCandidate[] }
interface Doc { text: string; words: Word[] }
interface WriterSet { name: string; adapt: string[]; docs: Doc[] }

// Observe what the engine's own search finds (the engine is built with its threshold at the floor).
let seen: PhraseCandidate[] = [];
const { candidates } = PhraseSearch.prototype;
PhraseSearch.prototype.candidates = function (...args) { const found = candidates.apply(this, args); seen.push(...found); return found; };

const engine = createEngine(new Uint8Array(readFileSync('models/en.inkling')), { phrase: { ...PHRASE, threshold: FLOOR, firstWord: FLOOR } });
const session = await ServeSession.open(engine);
const call = (o: object) => answer(engine, session, JSON.stringify(o)) as Promise<{ words?: string[] }>;

/** The words-only typing of phrase.py's run_doc, recording each word's cost and the phrases found at its boundary. */
async function record(docs: string[], adapt: string[] | undefined): Promise<Doc[]> {
  await call({ op: 'reset' });
  for (const d of adapt ?? []) await call({ op: 'learn', text: d });
  const out: Doc[] = [];
  for (const text of docs) {
    const words: Word[] = [];
    for (const m of text.matchAll(WORD_RE)) {
      const s = m.index, target = m[0], w: Word = { s, e: s + target.length, cost: target.length, predicted: false, candidates: [] };
      for (let i = 0; i < target.length; i++) {
        seen = [];
        const r = await call({ op: 'predict', context: text.slice(0, s), prefix: target.slice(0, i), k: 3, phrase: i === 0 });
        if (i === 0) w.candidates = seen;
        if ((r.words ?? []).slice(0, 3).some((x) => x.toLowerCase() === target.toLowerCase())) { w.cost = i + 1; w.predicted = true; break; }
      }
      words.push(w);
    }
    out.push({ text, words });
    if (adapt) await call({ op: 'learn', text });
  }
  return out;
}

const fold = (s: string) => s.toLowerCase();
const fits = (text: string, s: number, phrase: string) => fold(text.slice(s, s + phrase.length)) === fold(phrase) && !/[\p{L}\p{N}]/u.test(text[s + phrase.length] ?? '');

/** phrase.py's keystrokes with a phrase chosen at each word boundary (or none): KSR gain in points, shown and accepted. */
function replay(set: WriterSet, choose: (doc: Doc, w: Word, index: number) => string | undefined) {
  let chars = 0, keys = 0, words = 0, shown = 0, accepted = 0;
  for (const doc of set.docs) {
    const { text } = doc;
    chars += text.length;
    let pos = 0, wordsPos = 0;
    doc.words.forEach((w, i) => {
      words += w.s - wordsPos + w.cost;
      wordsPos = w.e + (w.predicted && text[w.e] === ' ' ? 1 : 0);
      if (w.s < pos) return;
      keys += w.s - pos;
      const phrase = choose(doc, w, i);
      if (phrase) {
        shown++;
        if (fits(text, w.s, phrase)) {
          const end = w.s + phrase.length;
          keys += 1; accepted++; pos = end + (text[end] === ' ' ? 1 : 0);
          return;
        }
      }
      keys += w.cost; pos = w.e + (w.predicted && text[w.e] === ' ' ? 1 : 0);
    });
    keys += Math.max(0, text.length - pos); words += Math.max(0, text.length - wordsPos);
  }
  return { gain: ((words - keys) / chars) * 100, ksr: 1 - words / chars, shown, accepted };
}

function report(sets: WriterSet[], label: string, choose: (set: WriterSet) => (doc: Doc, w: Word, index: number) => string | undefined): void {
  const rows = sets.map((s) => ({ name: s.name, ...replay(s, choose(s)) }));
  const shown = rows.reduce((a, r) => a + r.shown, 0), accepted = rows.reduce((a, r) => a + r.accepted, 0);
  const gain = rows.reduce((a, r) => a + r.gain, 0) / rows.length;
  console.log(`${label}: gain ${gain >= 0 ? '+' : ''}${gain.toFixed(2)} points, precision ${(accepted / Math.max(1, shown)).toFixed(3)} (${accepted}/${shown}); ${rows.map((r) => `${r.name} ${r.gain.toFixed(2)} (${r.accepted}/${r.shown})`).join(', ')}`);
}

/** The engine's choice at a threshold (and a least probability of the first word): the most words expected beyond the first. */
const atThreshold = (threshold: number, firstWord = PHRASE.firstWord) => () => (_: Doc, w: Word) => {
  let best: PhraseCandidate | undefined;
  for (const c of w.candidates) if (c.p >= threshold && c.first >= firstWord && (!best || c.p * c.words > best.p * best.words)) best = c;
  return best?.text;
};

/** A document's words with the text between each and the one before. */
const tokens = (text: string) => { let prev = 0; return [...text.matchAll(WORD_RE)].map((m) => { const t = { sep: text.slice(prev, m.index), key: fold(m[0]) }; prev = m.index + m[0].length; return t; }); };
type Tokens = ReturnType<typeof tokens>;
/** Separators a phrase goes across (the search crosses commas, not sentence punctuation). */
const crossable = (sep: string) => sep === ' ' || sep === ', ';

/** The longest run of the document's words from `j` (2 or more) the user wrote before after the same `n` words. */
function longestRepeat(history: Tokens[], t: Tokens, j: number, n: number): number {
  if (j < n) return 0;
  let best = 0;
  for (const h of [...history, t.slice(0, j)]) {
    for (let i = n; i < h.length; i++) {
      if (h[i].key !== t[j].key || h.slice(i - n, i).some((x, k) => x.key !== t[j - n + k].key)) continue;
      let k = 1;
      while (j + k < t.length && i + k < h.length && crossable(t[j + k].sep) && h[i + k].sep === t[j + k].sep && h[i + k].key === t[j + k].key) k++;
      best = Math.max(best, k);
    }
  }
  return best >= 2 ? best : 0;
}

const repeatsCeiling = (n: number) => (set: WriterSet) => {
  const history = set.adapt.map(tokens), byDoc = new Map<Doc, Tokens>();
  let last: Doc | undefined;
  return (doc: Doc, w: Word, i: number) => {
    if (doc !== last) { if (last) history.push(byDoc.get(last)!); last = doc; byDoc.set(doc, tokens(doc.text)); }
    const k = longestRepeat(history, byDoc.get(doc)!, i, n);
    return k ? doc.text.slice(w.s, doc.words[i + k - 1].e) : undefined;
  };
};

const sets: WriterSet[] = [];
if (v.text) sets.push({ name: 'text', adapt: [], docs: await record(subsample(readDocs(v.text), Number(v.words)), undefined) });
if (v.personal) {
  for (const name of readdirSync(v.personal).sort()) {
    const adapt = readDocs(`${v.personal}/${name}/adapt.txt`);
    sets.push({ name, adapt, docs: await record(subsample(readDocs(`${v.personal}/${name}/test.txt`), Number(v.words)), adapt) });
  }
}
console.log(`KSR words only: ${sets.map((s) => `${s.name} ${replay(s, () => undefined).ksr.toFixed(4)}`).join(', ')}`);
for (const t of [0.1, 0.15, 0.2, 0.3]) report(sets, `threshold ${t}, first word ${PHRASE.firstWord}${t === PHRASE.threshold ? ' (shipped)' : ''}`, atThreshold(t));
report(sets, `threshold ${PHRASE.threshold}, any first word`, atThreshold(PHRASE.threshold, 0));
report(sets, `ceiling of the search (all it finds above ${FLOOR}, shown only where right)`, () => (doc, w) => w.candidates.filter((c) => fits(doc.text, w.s, c.text)).sort((a, b) => b.words - a.words)[0]?.text);
if (v.personal) for (const n of [2, 1, 0]) report(sets, `ceiling of the user's repeats after the same ${n} words`, repeatsCeiling(n));
process.exit(0);
