import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DetectedLanguage, MIN_CONFIDENT_WORDS, detectLanguage, foldLetters, textFeatures } from '../../src/text/langdetect';

const DEV_DIR = join(__dirname, '..', '..', '..', 'shared', 'eval', 'data');
const DEV_PATHS: Record<DetectedLanguage, string> = { en: join(DEV_DIR, 'en', 'dev.txt'), pt: join(DEV_DIR, 'pt', 'dev.txt') };
const HAVE_DEV = Object.values(DEV_PATHS).every((p) => existsSync(p));
const HELD_OUT = join(__dirname, 'fixtures', 'langdetect-heldout.json');
const SNIPPET_WORDS = 20;
const SNIPPETS_PER_LANGUAGE = 400;
const REQUIRED_ACCURACY = 0.97;

/** Every k-th window of `words` consecutive whitespace tokens, `count` of them, spread over the whole text. */
function snippets(text: string, words: number, count: number): string[] {
  const tokens = text.split(/\s+/).filter(Boolean);
  const stride = Math.floor((tokens.length - words) / count);
  return Array.from({ length: count }, (_, i) => tokens.slice(i * stride, i * stride + words).join(' '));
}

describe('foldLetters', () => {
  it.each([
    ['Não', 'nao'],
    ['AÇÃO', 'acao'],
    ['fazê-lo', 'faze-lo'],
    ['naïve', 'naive'],
  ])('%s -> %s', (input, expected) => {
    expect(foldLetters(input)).toBe(expected);
  });
});

describe('textFeatures', () => {
  it('pads words with spaces, folds accents and adds accented letters', () => {
    expect(textFeatures('Né')).toEqual(['n', 'e', ' n', 'ne', 'e ', ' ne', 'ne ', 'é']);
  });

  it('is the same with or without accents, but for the accented letters', () => {
    const plain = textFeatures('nao sei');
    expect(textFeatures('não sei').filter((f) => f !== 'ã')).toEqual(plain);
  });
});

describe('detectLanguage', () => {
  it.each<[string, DetectedLanguage]>([
    ['Muito obrigado pela ajuda de ontem', 'pt'],
    ['nao sei o que voce quer dizer com isso', 'pt'],
    ['Ele disse-lhe que ia fazê-lo amanhã, com um guarda-chuva', 'pt'],
    ['Paguei R$ 10,00 pra ele pelo 2º lugar', 'pt'],
    ['Thanks a lot for your help yesterday', 'en'],
    ["I don't know what you mean by that", 'en'],
    ['Please send me the report by Friday', 'en'],
  ])('%s -> %s', (text, lang) => {
    const guess = detectLanguage(text);
    expect(guess.lang).toBe(lang);
    expect(guess.confidence).toBeGreaterThan(0.9);
  });

  it.each(['', 'não', 'the', 'ok', 'obrigado', 'a casa', 'the house', '123 456'])(
    'gives low confidence to %j (under 3 words)',
    (text) => {
      expect(detectLanguage(text).confidence).toBeLessThanOrEqual(1 / 3);
    },
  );

  it(`is confident from ${MIN_CONFIDENT_WORDS} clear words`, () => {
    expect(detectLanguage('obrigado pela ajuda').confidence).toBeGreaterThan(0.5);
  });

  // Held-out snippets of the training corpora, committed (scripts/build-langdetect.ts --fixture):
  // this check runs everywhere, and fails (cannot read the file) rather than skip if it is missing.
  it(`gets ≥ ${REQUIRED_ACCURACY * 100} % of held-out ${SNIPPET_WORDS}-word snippets right, and without accents too`, () => {
    const fixture = JSON.parse(readFileSync(HELD_OUT, 'utf8')) as Record<'en' | 'pt', string[]>;
    for (const lang of ['en', 'pt'] as const) {
      expect(fixture[lang].length).toBeGreaterThanOrEqual(200);
      const right = fixture[lang].filter((t) => detectLanguage(t).lang === lang).length;
      console.log(`langdetect held-out ${lang}: ${right}/${fixture[lang].length} right`);
      expect(right / fixture[lang].length).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
    }
    const plain = fixture.pt.map((t) => t.normalize('NFD').replace(/\p{M}/gu, ''));
    expect(plain.filter((t) => detectLanguage(t).lang === 'pt').length / plain.length).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
  });

  it.skipIf(!HAVE_DEV)(`gets ≥ ${REQUIRED_ACCURACY * 100} % of ${SNIPPET_WORDS}-word dev snippets right`, () => {
    let right = 0;
    let total = 0;
    for (const lang of ['en', 'pt'] as const) {
      const texts = snippets(readFileSync(DEV_PATHS[lang], 'utf8'), SNIPPET_WORDS, SNIPPETS_PER_LANGUAGE);
      const wrong = texts.filter((t) => detectLanguage(t).lang !== lang);
      console.log(`langdetect ${lang}: ${texts.length - wrong.length}/${texts.length} right`);
      for (const t of wrong.slice(0, 3)) console.log(`  missed: ${t}`);
      expect((texts.length - wrong.length) / texts.length).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
      right += texts.length - wrong.length;
      total += texts.length;
    }
    console.log(`langdetect accuracy: ${((100 * right) / total).toFixed(2)} % of ${total} snippets`);
  });

  it.skipIf(!HAVE_DEV)('gets Portuguese dev snippets typed without accents right', () => {
    const texts = snippets(readFileSync(DEV_PATHS.pt, 'utf8'), SNIPPET_WORDS, SNIPPETS_PER_LANGUAGE).map((t) =>
      t.normalize('NFD').replace(/\p{M}/gu, ''),
    );
    const right = texts.filter((t) => detectLanguage(t).lang === 'pt').length;
    console.log(`langdetect pt without accents: ${right}/${texts.length} right`);
    expect(right / texts.length).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
  });

  if (!HAVE_DEV) {
    it('dev texts absent', () => {
      console.warn(`skipping the dev-snippet accuracy test: ${DEV_PATHS.en} or ${DEV_PATHS.pt} not found`);
    });
  }
});
