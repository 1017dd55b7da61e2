// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/storage/settings';
import { LanguageSetting } from '../../../src/ui/options/LanguageSetting';
import { LearningSettings } from '../../../src/ui/options/LearningSettings';
import { hostFromInput, SiteSettings } from '../../../src/ui/options/SiteSettings';
import { SuggestionSettings } from '../../../src/ui/options/SuggestionSettings';
import { useLocale } from '../locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

function renderSuggestions(over: Partial<Settings> = {}) {
  const onChange = vi.fn();
  render(<SuggestionSettings settings={{ ...DEFAULT_SETTINGS, ...over }} onChange={onChange} />);
  return onChange;
}

describe('SuggestionSettings', () => {
  it('sets the number of suggestions, 1 to 5', () => {
    const onChange = renderSuggestions();
    const count = screen.getByLabelText('Number of suggestions') as HTMLSelectElement;
    expect(count.value).toBe('3');
    expect([...count.options].map((o) => o.value)).toEqual(['1', '2', '3', '4', '5']);
    fireEvent.change(count, { target: { value: '5' } });
    expect(onChange).toHaveBeenCalledWith({ suggestionCount: 5 });
  });

  it.each([
    ['Tab in text boxes and editors, while the ghost text shows', 'tab', true],
    ['Tab in single-line fields too (forms use Tab to go to the next field)', 'tabInInputs', false],
    ['→ at the end of the text (the ghost text)', 'arrow', true],
    ['Alt+1 … Alt+5 (the suggestion with that number)', 'altDigits', true],
    ['A click on the suggestion', 'click', true],
    ['Enter (the first suggestion)', 'enter', false],
  ] as const)('switches the accept key “%s” (on by default: %s)', (label, key, on) => {
    const onChange = renderSuggestions();
    const box = screen.getByRole('switch', { name: label }) as HTMLInputElement;
    expect(box.checked).toBe(on);
    fireEvent.click(box);
    expect(onChange).toHaveBeenCalledWith({ acceptKeys: { ...DEFAULT_SETTINGS.acceptKeys, [key]: !on } });
  });

  it.each([
    ['Show the rest of the word after the cursor (ghost text)', 'ghostText'],
    ["Offer the rest of a phrase when Inkling is sure of it (the ghost text's key takes it all, Ctrl+→ one word)", 'phrases'],
    ['Offer the word you meant after a mistyped letter (the changed letters are underlined)', 'corrections'],
    ['Add a space after an accepted word', 'autoSpace'],
    ['Suggest in code editors and code fields', 'codeFields'],
  ] as const)('switches “%s”', (label, key) => {
    const onChange = renderSuggestions();
    fireEvent.click(screen.getByRole('switch', { name: label }));
    expect(onChange).toHaveBeenCalledWith({ [key]: !DEFAULT_SETTINGS[key] });
  });

  it('sets when to start suggesting', () => {
    const onChange = renderSuggestions();
    const start = screen.getByLabelText('Start suggesting') as HTMLSelectElement;
    expect([...start.options].map((o) => o.textContent)).toEqual([
      'At the start of each word (the next word)', 'After the first letter of a word', 'After 2 letters of a word', 'After 3 letters of a word',
    ]);
    fireEvent.change(start, { target: { value: '2' } });
    expect(onChange).toHaveBeenCalledWith({ startAfterLetters: 2 });
  });
});

describe('LearningSettings', () => {
  const setup = (over: Partial<Settings> = {}) => {
    const onChange = vi.fn();
    render(<LearningSettings settings={{ ...DEFAULT_SETTINGS, ...over }} onChange={onChange} />);
    return onChange;
  };

  it('turns learning off', () => {
    const onChange = setup();
    fireEvent.click(screen.getByRole('switch', { name: 'Learn from what I write' }));
    expect(onChange).toHaveBeenCalledWith({ learning: false });
  });

  it('sets retention by days and by size', () => {
    const onChange = setup();
    fireEvent.change(screen.getByLabelText('Keep writing samples for'), { target: { value: '30' } });
    expect(onChange).toHaveBeenCalledWith({ retentionDays: 30 });
    const size = screen.getByLabelText('Keep at most') as HTMLSelectElement;
    expect(size.selectedOptions[0]!.textContent).toBe('2,000,000 characters of text');
    fireEvent.change(size, { target: { value: '500000' } });
    expect(onChange).toHaveBeenCalledWith({ retentionChars: 500_000 });
  });

  it('keeps a stored value that is not one of the choices selectable', () => {
    setup({ retentionDays: 45 });
    expect((screen.getByLabelText('Keep writing samples for') as HTMLSelectElement).value).toBe('45');
  });

  it('chooses what happens in private windows', () => {
    const onChange = setup();
    const select = screen.getByLabelText('In private windows') as HTMLSelectElement;
    expect(select.selectedOptions[0]!.textContent).toBe('Suggest, but never learn');
    fireEvent.change(select, { target: { value: 'off' } });
    expect(onChange).toHaveBeenCalledWith({ incognito: 'off' });
  });
});

describe('SiteSettings', () => {
  const setup = (sitesOff: string[] = [], { everywhere = true, sitesOn = [] as string[] } = {}) => {
    const onSiteOn = vi.fn();
    const onEverywhere = vi.fn();
    render(<SiteSettings everywhere={everywhere} sitesOff={sitesOff} sitesOn={sitesOn} onEverywhere={onEverywhere} onSiteOn={onSiteOn} />);
    return { onSiteOn, onEverywhere };
  };

  it('turns suggestions off everywhere', () => {
    const { onEverywhere } = setup();
    fireEvent.click(screen.getByRole('switch', { name: 'Suggest everywhere' }));
    expect(onEverywhere).toHaveBeenCalledWith(false);
  });

  it('lists the sites turned off and turns one back on', () => {
    const { onSiteOn } = setup(['bank.example', 'chat.example']);
    fireEvent.click(screen.getByRole('button', { name: 'Turn suggestions back on for chat.example' }));
    expect(onSiteOn).toHaveBeenCalledWith('chat.example', true);
  });

  it('turns a site off from a typed address, and says when it is not one', () => {
    const { onSiteOn } = setup();
    const input = screen.getByLabelText('Turn off on a site');
    fireEvent.input(input, { target: { value: 'https://Mail.Example.com/inbox' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn off' }));
    expect(onSiteOn).toHaveBeenCalledWith('mail.example.com', false);
    fireEvent.input(input, { target: { value: 'not a site' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn off' }));
    expect(screen.getByRole('alert').textContent).toBe('That is not a site address.');
    expect(onSiteOn).toHaveBeenCalledTimes(1);
  });

  it('with everywhere off, lists the sites turned on instead, and turns one off', () => {
    const { onSiteOn, onEverywhere } = setup(['bank.example'], { everywhere: false, sitesOn: ['mail.example'] });
    expect(screen.getByRole('heading', { name: 'Sites where suggestions are on' })).toBeTruthy();
    expect(screen.queryByText('bank.example')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Turn suggestions off for mail.example' }));
    expect(onSiteOn).toHaveBeenCalledWith('mail.example', false);
    fireEvent.click(screen.getByRole('switch', { name: 'Suggest everywhere' }));
    expect(onEverywhere).toHaveBeenCalledWith(true);
  });

  it('with everywhere off, turns a site on from a typed address', () => {
    const { onSiteOn } = setup([], { everywhere: false });
    expect(screen.getByText(/^None: with “Suggest everywhere” off/)).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Turn on for a site'), { target: { value: 'docs.example.org/x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on', exact: true }));
    expect(onSiteOn).toHaveBeenCalledWith('docs.example.org', true);
  });

  it.each<[boolean, string, string[]]>([
    [true, 'Sites where suggestions are off', ['off.example']],
    [false, 'Sites where suggestions are on', ['on.example']],
  ])('everywhere=%s shows "%s" with the list that applies', (everywhere, title, shown) => {
    setup(['off.example'], { everywhere, sitesOn: ['on.example'] });
    const list = screen.getByRole('list', { name: title });
    expect([...list.querySelectorAll('li span')].map((el) => el.textContent)).toEqual(shown);
  });

  it.each([
    ['example.com', 'example.com'],
    ['  https://a.example.org:8080/x ', 'a.example.org'],
    ['', null],
    ['two words', null],
  ])('hostFromInput(%j) = %j', (input, host) => {
    expect(hostFromInput(input)).toBe(host);
  });
});

describe('LanguageSetting', () => {
  it('offers automatic, English and Portuguese', () => {
    const onChange = vi.fn();
    render(<LanguageSetting value="auto" onChange={onChange} />);
    const select = screen.getByLabelText('Suggest in') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Automatic', 'English', 'Portuguese']);
    fireEvent.change(select, { target: { value: 'pt' } });
    expect(onChange).toHaveBeenCalledWith('pt');
  });
});
