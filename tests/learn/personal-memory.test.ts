import { describe, expect, it } from 'vitest';
import { PersonalMemory } from '../../src/learn/personal-memory';
import { wordsWithPrefix } from '../../src/learn/personal-ngram';
import { DocCache } from '../../src/learn/personal-cache';
import { RecentWords } from '../../src/learn/recent-words';
import { MixtureGate } from '../../src/learn/personal-gate';

const USER = [
  'Zorbulon sent the quarterly figures to Mirelda this morning.',
  'Mirelda thinks the quarterly figures look fine, Zorbulon says.',
  'Ask Zorbulon about the quarterly figures before Friday.',
];
/** A base model that knows nothing specific: every word equally likely. */
const flat = () => 1e-4;

describe('DocCache', () => {
  it('counts the words of the document and what followed each, incrementally', () => {
    const d = new DocCache();
    d.update('The red fox and the ');
    d.update('The red fox and the red ');
    expect(d.words).toBe(6);
    expect(d.counts.get('the')).toBe(2);
    expect(d.p('fox')).toBeCloseTo(1 / 6);
    // the last three words written are not offered again (the cache would echo them)
    for (const key of ['and', 'the', 'red']) expect(d.p(key)).toBe(0);
    expect(d.pPair('fox')).toBe(1);
    expect(d.followersWithPrefix('')).toEqual(['fox']);
    const fresh = new DocCache().update('The red fox and the red ');
    expect([...fresh.counts]).toEqual([...d.counts]);
  });

  it.each([
    ['', ['the', 'red', 'fox', 'and']],
    ['f', ['fox']],
    ['x', []],
  ])('offers the document words with prefix %j', (prefix, want) => {
    const d = new DocCache().update('The red fox and the quick ');
    expect(d.withPrefix(prefix).filter((w) => w !== 'quick')).toEqual(want);
  });
});

describe('RecentWords', () => {
  it('lets older words fade with the half-life', () => {
    const r = new RecentWords(2);
    r.add('old'); r.add('new'); r.add('new');
    expect(r.p('new')).toBeGreaterThan(2 * r.p('old'));
    expect(r.p('new') + r.p('old')).toBeCloseTo(1);
    expect(r.top(1)).toEqual(['new']);
  });

  it('gives back the same list from its bytes, words of any script included', () => {
    const r = new RecentWords(3);
    for (const w of ['café', 'naïve', 'don’t', '東京', 'x"y\\z', 'café', '😀ok']) r.add(w);
    r.delete('naïve');
    const back = RecentWords.fromBytes(r.toBytes(), 3);
    expect(back.toJSON()).toEqual(r.toJSON());
    expect(back.top()).toEqual(r.top());
    expect(back.p('café')).toBe(r.p('café'));
    expect(RecentWords.fromBytes(new RecentWords(3).toBytes(), 3).top()).toEqual([]);
  });

  it('refuses bytes that are not such a list', () => {
    const good = (() => { const r = new RecentWords(3); r.add('one'); r.add('two'); return r.toBytes(); })();
    const count = (n: number) => { const b = good.slice(); new DataView(b.buffer).setFloat64(24, n, true); return b; };
    const words = (json: string) => { const b = new Uint8Array(64 + json.length); b.set(good.subarray(0, 64)); b.set(new TextEncoder().encode(json), 64); return b; };
    const nan = good.slice(); new DataView(nan.buffer).setFloat64(32, NaN, true);
    for (const bytes of [new Uint8Array(8), good.subarray(0, 40), count(3), count(1.5), count(-1), words('["one"]'), words('["one", 2]'), words('{"a":1}'), words('["one","tw'), nan]) {
      expect(() => RecentWords.fromBytes(bytes, 3)).toThrow(TypeError);
    }
  });
});

describe('MixtureGate', () => {
  it('moves weight to the component that predicts the observed words', () => {
    const g = new MixtureGate(1, [0.5, 0.5], 4, 1), all = [true, true];
    for (let i = 0; i < 200; i++) g.observe(0, all, [0.01, 0.2]);
    expect(g.weights(0, all)[1]).toBeGreaterThan(0.9);
  });

  it('gives an unavailable component no weight', () => {
    const g = new MixtureGate(1, [0.5, 0.3, 0.2], 4, 1);
    expect([...g.weights(0, [true, false, true])]).toEqual([0.5 / 0.7, 0, 0.2 / 0.7]);
  });
});

describe('PersonalMemory', () => {
  it('makes the user\'s new words likely after their first letters and in their contexts', () => {
    const m = new PersonalMemory();
    for (const t of USER) m.learn(t, flat);
    const s = m.context('Please ask ');
    expect(s.candidates('zo')).toContain('zorbulon');
    expect(s.p('zorbulon', 1e-6)).toBeGreaterThan(100 * 1e-6);
    expect(m.context('Send the quarterly ').p('figures', 1e-4)).toBeGreaterThan(m.context('Send the ').p('figures', 1e-4));
  });

  it('uses the document being written: its words, and what followed the last word before', () => {
    const m = new PersonalMemory();
    m.learn('Hello there, this is a note.', flat);
    const s = m.context('Revolution OS opens in June. See Revolution ');
    expect(s.candidates('')).toContain('os');
    expect(s.p('os', 1e-6)).toBeGreaterThan(s.p('june', 1e-6));
  });

  it('trusts a memory that does not help this user less than one that does', () => {
    const helpful = new PersonalMemory(), useless = new PersonalMemory();
    for (let i = 0; i < 30; i++) for (const t of USER) helpful.learn(t, flat);
    for (let i = 0; i < 30; i++) for (const t of USER) useless.learn(t, () => 0.5); // the base already predicts everything
    const w = (m: PersonalMemory) => { const s = m.context('Ask '); return 1 - s.weights[0]; };
    expect(w(helpful)).toBeGreaterThan(w(useless));
  });

  it('round-trips through JSON, loads a version-1 snapshot, and rejects a malformed one', () => {
    const m = new PersonalMemory();
    for (const t of USER) m.learn(t, flat);
    const back = PersonalMemory.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(JSON.stringify(back.toJSON())).toBe(JSON.stringify(m.toJSON()));
    const v1 = {
      v: 1, total: 3, uni: [['zorbulon', 2], ['hi', 1]], display: [['zorbulon', 'Zorbulon']], bi: [['<s>', [['zorbulon', 2]]]], tri: [],
      resp: new Array(15).fill(0), seen: new Array(15).fill(0), blocked: ['hi'],
    };
    const old = PersonalMemory.fromJSON(v1);
    expect(old.counts.uni.get('zorbulon')).toBe(2);
    expect('blocked' in old).toBe(false); // an old snapshot's blocked list is read and ignored: blocked words live in the vocabulary store
    expect(old.context('Ask ').candidates('zo')).toContain('zorbulon');
    expect(() => PersonalMemory.fromJSON({ v: 2, uni: [], bi: [], tri: [] })).toThrow(TypeError);
    expect(() => PersonalMemory.fromJSON(null)).toThrow(TypeError);
  });
});

describe('PersonalMemory.forgetText', () => {
  it('leaves exactly the counts and spellings of the other texts, in any order', () => {
    const texts = ['We met Quendolyn at NASA today.', 'the nasa site says quendolyn is late', 'Ask Zorbulon and Quendolyn, then NASA.'];
    const learned = new PersonalMemory(), rest = new PersonalMemory();
    for (const t of texts) learned.replaceText('', t);
    learned.forgetText(texts[1]);
    for (const t of [texts[2], texts[0]]) rest.replaceText('', t);
    const plain = (m: PersonalMemory) => JSON.stringify({ ...m.toJSON(), recent: undefined, gate: undefined });
    expect(plain(learned)).not.toBe(plain(new PersonalMemory()));
    expect(JSON.stringify([...learned.counts.uni].sort())).toBe(JSON.stringify([...rest.counts.uni].sort()));
    expect([...learned.counts.display].sort()).toEqual([...rest.counts.display].sort());
    expect(learned.counts.display.get("nasa")).toBe("NASA"); // the forgotten text wrote it in lowercase
    learned.forgetText(texts[2]);
    expect(learned.counts.uni.has('zorbulon')).toBe(false);
    expect(learned.recent.has('zorbulon')).toBe(false);
  });
});

describe('the memory’s word views, kept up to date as it learns', () => {
  it('answer exactly as views built afresh from the same counts, as texts are counted in and out', () => {
    const words = ['the', 'then', 'there', 'them', 'Quendolyn', 'quest', 'queue', 'São', 'sao', 'salt', 'a', 'an', 'and', 'ant', 'zebra', 'zest',
      ...Array.from({ length: 90 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`)];
    let seed = 7;
    const rand = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32; };
    const m = new PersonalMemory(), learned: string[] = [];
    for (let t = 0; t < 40; t++) {
      const text = Array.from({ length: 30 }, () => words[Math.floor(words.length * rand() ** 2)]).join(' ') + '.';
      const memo = m.counts.cache?.memo;
      m.replaceText('', text);
      learned.push(text);
      // The answers given before stay, but for those this text changed (checked below against fresh views).
      if (memo) expect(m.counts.cache?.memo).toBe(memo);
      if (t > 3 && rand() < 0.4) {
        // A deleted sample: the views are updated in place, not dropped.
        m.forgetText(learned.splice(Math.floor(rand() * learned.length), 1)[0]);
        expect(m.counts.cache?.sorted).toBeDefined();
      }
      // Asking between samples builds the views, which the next samples then update in place.
      const fresh = PersonalMemory.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
      expect(m.recent.top(64)).toEqual(fresh.recent.top(64));
      for (const prefix of ['', 't', 'th', 'q', 'sa', 'a', 'z']) {
        expect(wordsWithPrefix(m.counts, prefix, 3)).toEqual(wordsWithPrefix(fresh.counts, prefix, 3));
        for (const context of ['I saw ', 'the ', 'and the ', 'a zebra ', 'Then São '])
          expect(m.context(context).candidates(prefix)).toEqual(fresh.context(context).candidates(prefix));
      }
      expect(m.counts.cache!.sorted).toEqual(fresh.counts.cache!.sorted);
    }
  });
});
