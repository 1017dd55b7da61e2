/**
 * Builds held-out "writers" for the personalization evaluation, in the layout of
 * ../shared/eval/data/en/personal (adapt.txt = earlier 70 % of the words, test.txt = the rest):
 * - ROOT/personal-heldout/heldNN: mail the base model never saw — the `easy-ham-1` messages
 *   that `prepare` holds out of training (the same seeded 5 %), and only those: no other
 *   spam-assassin folder is ever read — grouped by the From address, bodies cleaned like the
 *   training mail, in date order. Senders whose text overlaps the public writers, and
 *   newsletters, are left out.
 * - ROOT/personal-split/writerN: each public writer's adapt.txt split 70/30 (their test.txt unseen).
 * - ROOT/personal-dev (held01–06 + the split, for tuning) and ROOT/personal-val (held07–11,
 *   for checking at the end): folders of links for `evaluate --personal`.
 *
 *   npx tsx scripts/eval/pseudo-writers.ts [--root runs] [--seed 1] [--min-words 300] [--min-messages 2]
 * (the hold-out of corpus v2 is small: with 600 words and 3 messages only one sender was left)
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { easyHamMessages, mailDocuments } from '../corpus/english';
import { cleanMailBody } from '../corpus/mail';
import { splitHeldOut } from '../corpus/split';
import { countWords } from '../corpus/text';
import { HELDOUT_FRACTION } from '../prepare-corpus';
const PUBLIC = '../shared/eval/data/en/personal';
/** Newsletters and people who mostly forward articles: not someone's own writing. */
const NOT_WRITERS = new Set(['rssfeeds@spamassassin.taint.org', 'khare@alumni.caltech.edu', 'pudge@perl.org', 'rah@shipwright.com', 'subscriptions@lockergnome.com', 'update@list.theregister.co.uk']);

function header(raw: string, name: string): string {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/) >>> 0);
  const m = head.match(new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im'));
  return m ? m[1].replace(/\s+/g, ' ').trim() : '';
}

function main(): void {
  const { values: v } = parseArgs({
    options: {
      root: { type: 'string', default: 'runs' },
      seed: { type: 'string', default: '1' },
      'min-words': { type: 'string', default: '300' },
      'min-messages': { type: 'string', default: '2' },
    },
  });
  // Exactly the messages `prepare --seed N` keeps out of train.txt.
  const held = new Set(splitHeldOut(mailDocuments(), HELDOUT_FRACTION, Number(v.seed)).held.map((d) => d.id));
  const messages = easyHamMessages().filter((m) => held.has(m.id));
  const publicParas = new Set<string>();
  for (const w of readdirSync(PUBLIC)) for (const f of ['adapt.txt', 'test.txt']) for (const p of readFileSync(join(PUBLIC, w, f), 'utf8').split(/\n\s*\n/)) publicParas.add(p.split(/\s+/).filter(Boolean).join(' '));
  const bySender = new Map<string, { date: number; paras: string[] }[]>();
  const seen = new Set<string>();
  for (const { text: raw } of messages) {
    const from = (header(raw, 'From').match(/[\w.+-]+@[\w.-]+/)?.[0] ?? '').toLowerCase();
    if (!from) continue;
    const date = Date.parse(header(raw, 'Date')) || 0;
    const paras = cleanMailBody(raw).filter((p) => !seen.has(p) && seen.add(p));
    if (!paras.length) continue;
    const list = bySender.get(from) ?? [];
    list.push({ date, paras });
    bySender.set(from, list);
  }
  const minWords = Number(v['min-words']), out = join(v.root!, 'personal-heldout');
  rmSync(out, { recursive: true, force: true });
  let n = 0;
  for (const [from, msgs] of [...bySender].sort((a, b) => a[0].localeCompare(b[0]))) {
    const paras = msgs.sort((a, b) => a.date - b.date).flatMap((m) => m.paras);
    const words = paras.reduce((s, p) => s + countWords(p), 0);
    if (NOT_WRITERS.has(from) || words < minWords || msgs.length < Number(v['min-messages'])) continue; // a few long messages are newsletters
    const overlap = paras.filter((p) => publicParas.has(p)).length;
    if (overlap > paras.length * 0.05) { console.error(`${from}: overlaps a public writer (${overlap} paragraphs), skipped`); continue; }
    const dir = join(out, `held${String(++n).padStart(2, '0')}`);
    writeSplit(dir, paras);
    writeFileSync(join(dir, 'SOURCE'), `${from}: ${msgs.length} messages, ${paras.length} paragraphs, ${words} words\n`);
    console.error(`${dir}: ${from}, ${msgs.length} messages, ${words} words`);
  }
  const split = join(v.root!, 'personal-split');
  rmSync(split, { recursive: true, force: true });
  for (const w of readdirSync(PUBLIC).sort()) writeSplit(join(split, w), readFileSync(join(PUBLIC, w, 'adapt.txt'), 'utf8').split(/\n\s*\n/).filter((p) => p.trim()));
  const link = (set: string, name: string, target: string) => { mkdirSync(join(v.root!, set), { recursive: true }); symlinkSync(join('..', target), join(v.root!, set, name)); };
  for (const set of ['personal-dev', 'personal-val']) rmSync(join(v.root!, set), { recursive: true, force: true });
  for (let i = 1; i <= n; i++) { const h = `held${String(i).padStart(2, '0')}`; link(i <= 6 ? 'personal-dev' : 'personal-val', h, join('personal-heldout', h)); }
  for (const w of readdirSync(split).sort()) link('personal-dev', `split-${w}`, join('personal-split', w));
}

/** Writes paragraphs as adapt.txt (the first 70 % of the words) and test.txt (the rest). */
function writeSplit(dir: string, paras: string[]): void {
  const words = paras.reduce((s, p) => s + countWords(p), 0);
  let acc = 0, cut = 0;
  while (cut < paras.length && acc < words * 0.7) acc += countWords(paras[cut++]);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'adapt.txt'), paras.slice(0, cut).join('\n\n') + '\n');
  writeFileSync(join(dir, 'test.txt'), paras.slice(cut).join('\n\n') + '\n');
}

main();
