import { describe, expect, it } from 'vitest';
import { chooseLanguage, languageOfTag } from '../../src/text/language-choice';

describe('languageOfTag', () => {
  it.each([
    ['pt-BR', 'pt'], ['pt_BR', 'pt'], ['PT', 'pt'], ['en-US', 'en'], ['en', 'en'], [' en-GB ', 'en'],
    ['fr', null], ['ptx', null], ['', null], [undefined, null], ['english', null],
  ] as const)('%j → %j', (tag, lang) => {
    expect(languageOfTag(tag)).toBe(lang);
  });
});

describe('chooseLanguage', () => {
  it('follows the user’s fixed choice whatever the text says', () => {
    expect(chooseLanguage({ choice: 'en', text: 'Muito obrigado pela ajuda de ontem', tag: 'pt-BR' })).toBe('en');
    expect(chooseLanguage({ choice: 'pt', text: 'Thank you for the help', tag: 'en' })).toBe('pt');
  });

  it('lets clear text overrule the page’s tag', () => {
    expect(chooseLanguage({ choice: 'auto', text: 'Muito obrigado pela ', tag: 'en' })).toBe('pt');
    expect(chooseLanguage({ choice: 'auto', text: 'Thank you for the ', tag: 'pt-BR' })).toBe('en');
  });

  it('uses the tag while the text is too short to tell', () => {
    expect(chooseLanguage({ choice: 'auto', text: 'Obrigado', tag: 'en' })).toBe('en');
    expect(chooseLanguage({ choice: 'auto', text: 'Hi ', tag: 'pt-BR' })).toBe('pt');
    expect(chooseLanguage({ choice: 'auto', text: '', tag: 'pt' })).toBe('pt');
  });

  it('keeps the field’s last language over the tag while the text is unclear', () => {
    expect(chooseLanguage({ choice: 'auto', text: 'ok ', tag: 'en', previous: 'pt' })).toBe('pt');
  });

  it('falls back to the browser’s language, then English', () => {
    expect(chooseLanguage({ choice: 'auto', text: '', browser: 'pt-BR' })).toBe('pt');
    expect(chooseLanguage({ choice: 'auto', text: '', tag: 'de', browser: 'ja' })).toBe('en');
  });

  it('judges the end of a long text: the language written now', () => {
    const english = 'We met yesterday to talk about the plan for next year. '.repeat(30);
    expect(chooseLanguage({ choice: 'auto', text: `${english}Agora vou escrever em português porque a reunião acabou e todos já foram embora. ` .repeat(1) + 'Depois eu te conto como foi a conversa com o pessoal da equipe de vendas.'.repeat(4) })).toBe('pt');
  });
});
