import { describe, expect, it } from 'vitest';
import { helpPageParagraphs, portugueseBalance, portugueseProse, splitFortunes, splitSections } from '../../scripts/corpus/portuguese';
import { decodeEntities, htmlBlocks } from '../../scripts/corpus/pt-html';
import { removeNearDevCopies, wordShingles } from '../../scripts/corpus/pt-overlap';

const NO_SKIP = { tags: new Set<string>(), classes: new Set<string>() };
const texts = (html: string, skip = NO_SKIP): string[] => htmlBlocks(html, skip).map((b) => b.text);

describe('decodeEntities', () => {
  it.each([
    ['a &amp; b', 'a & b'],
    ['&lt;p&gt;', '<p>'],
    ['ma&#231;&#xE3;', 'maçã'],
    ['&ldquo;aspas&rdquo;', '“aspas”'],
    ['&unknown; fica', '&unknown; fica'],
  ])('%s -> %s', (input, expected) => {
    expect(decodeEntities(input)).toBe(expected);
  });
});

describe('htmlBlocks', () => {
  it.each([
    { name: 'block tags split, inline tags vanish', html: '<p>Clique em <span class="emph">OK</span>.</p><p>Outro.</p>', out: ['Clique em OK.', 'Outro.'] },
    { name: 'inline tags join without a space', html: '<p>mais detalhes<a href="x">na seção</a></p>', out: ['mais detalhesna seção'] },
    { name: 'br ends a block', html: '<p>linha um<br>linha dois</p>', out: ['linha um', 'linha dois'] },
    { name: 'scripts, styles and comments are dropped', html: '<script>if (a < b) x();</script><style>p{}</style><!-- nota --><p>texto</p>', out: ['texto'] },
    { name: 'entities are decoded and whitespace squashed', html: '<p>  a&nbsp;&amp;\n  b </p>', out: ['a & b'] },
    { name: 'typographic quotes become ASCII (NFC too)', html: '<p>“Ca\u0301lculo”</p>', out: ['"Cálculo"'] },
    { name: 'doctype and xml declarations are dropped', html: '<?xml version="1.0"?><!DOCTYPE html><p>ok</p>', out: ['ok'] },
  ])('$name', ({ html, out }) => {
    expect(texts(html)).toEqual(out);
  });

  it.each([
    { name: 'by tag, nested', html: '<nav><nav>menu</nav> mais menu</nav><p>fica</p>', out: ['fica'] },
    { name: 'by class, with nested same tags', html: '<div class="navheader x"><div>Anterior</div><div>Próxima</div></div><p>fica</p>', out: ['fica'] },
    { name: 'code blocks', html: '<div class="bascode"><pre><code>Dim a As String</code></pre></div><p>fica</p>', out: ['fica'] },
    { name: 'quoted > inside attributes', html: '<div class="toc" title="a > b">índice</div><p>fica</p>', out: ['fica'] },
  ])('drops whole elements $name', ({ html, out }) => {
    const skip = { tags: new Set(['nav', 'pre']), classes: new Set(['navheader', 'bascode', 'toc']) };
    expect(texts(html, skip)).toEqual(out);
  });

  it('records the enclosing block tag', () => {
    const blocks = htmlBlocks('<div><h2>Título</h2><p>Um <b>texto</b></p>solto</div>', NO_SKIP);
    expect(blocks).toEqual([
      { tag: 'h2', text: 'Título' },
      { tag: 'p', text: 'Um texto' },
      { tag: 'div', text: 'solto' },
    ]);
  });
});

describe('splitSections', () => {
  it('starts a section at each heading', () => {
    const b = (tag: string, text: string) => ({ tag, text });
    const sections = splitSections([b('p', 'a'), b('h2', 'T1'), b('p', 'b'), b('h2', 'T2'), b('p', 'c')], 'h2');
    expect(sections.map((s) => s.map((x) => x.text))).toEqual([['a'], ['T1', 'b'], ['T2', 'c']]);
  });
});

describe('helpPageParagraphs', () => {
  it('keeps Portuguese prose and drops page furniture, captions, code and English', () => {
    const html = [
      '<html><head><title>Título da página</title></head><body>',
      '<header><p>Ajuda do LibreOffice 7.4</p></header>',
      '<h1>Funções estatísticas da planilha</h1>',
      '<p class="paragraph">Calcula a distorção de uma distribuição usando a população.</p>',
      '<p class="title">Figura 17.207. Exemplo do filtro de pintura</p>',
      '<p>svc.DMin(range: str): float</p>',
      '<p>This filter can be accessed through the menu of the image window.</p>',
      '<p>Sintaxe</p>',
      '<footer><p>This page is: /text/scalc/01/04060185.xhp</p></footer>',
      '</body></html>',
    ].join('\n');
    expect(helpPageParagraphs(html)).toEqual([
      'Funções estatísticas da planilha',
      'Calcula a distorção de uma distribuição usando a população.',
    ]);
  });
});

describe('portugueseProse', () => {
  it.each([
    { name: 'an English paragraph in a Portuguese page goes', paragraphs: ['Clique no botão para abrir a caixa de diálogo.', 'Click the button to open the dialog.'], kept: 1 },
    { name: 'a neutral heading follows a Portuguese page', paragraphs: ['Opções avançadas gerais', 'Você pode escolher uma cor para o fundo.'], kept: 2 },
    { name: 'a neutral heading follows an English page', paragraphs: ['Opções avançadas gerais', 'You can choose a color for the background.'], kept: 0 },
  ])('$name', ({ paragraphs, kept }) => {
    expect(portugueseProse(paragraphs)).toHaveLength(kept);
  });

  it('counts function words of each language', () => {
    expect(portugueseBalance('O que é isso? Não sei.')).toBeGreaterThan(0);
    expect(portugueseBalance('What is this? The end of it.')).toBeLessThan(0);
  });
});

describe('splitFortunes', () => {
  it.each([
    { name: 'entries split on % lines', text: 'Um.\n%\nDois.\n', out: [['Um.'], ['Dois.']] },
    { name: 'lines joined, blank lines split paragraphs', text: 'Na vida é preciso\nsempre mudar.\n\n   - Verdade.\n%\n', out: [['Na vida é preciso sempre mudar.', '- Verdade.']] },
    { name: 'attribution lines dropped', text: '\tO pensamento só começa com a dúvida.\n\t\t--  Roger Martin du Gard\n%\n', out: [['O pensamento só começa com a dúvida.']] },
    { name: 'empty entries dropped', text: '%\n\n%\nTrês.\n', out: [['Três.']] },
  ])('$name', ({ text, out }) => {
    expect(splitFortunes(text)).toEqual(out);
  });
});

describe('removeNearDevCopies', () => {
  const DEV = 'Ler um ficheiro não altera o atributo atime do ficheiro no sistema se for montado com "".';
  it.each([
    { name: 'a near copy (code word restored)', p: 'Ler um ficheiro não altera o atributo atime do ficheiro no sistema se for montado com "noatime".', removed: 1 },
    { name: 'a paragraph containing the dev one', p: `Nota: ${DEV} Veja também a página seguinte do manual.`, removed: 1 },
    { name: 'a paragraph inside the dev one (8+ words)', p: 'não altera o atributo atime do ficheiro no sistema', removed: 1 },
    { name: 'a short paragraph inside the dev one', p: 'o atributo atime do ficheiro', removed: 0 },
    { name: 'an unrelated paragraph', p: 'Selecione a ferramenta Clonar e defina a fonte para a textura desejada.', removed: 0 },
  ])('$name', ({ p, removed }) => {
    const docs = [{ paragraphs: [p] }];
    expect(removeNearDevCopies(docs, [DEV]).removed).toBe(removed);
    expect(docs[0].paragraphs).toHaveLength(1 - removed);
  });

  it('builds lower-cased word shingles without punctuation', () => {
    expect(wordShingles('Olá, Mundo! d\'água boa', 2)).toEqual(['olá mundo', "mundo d'água", "d'água boa"]);
  });
});
