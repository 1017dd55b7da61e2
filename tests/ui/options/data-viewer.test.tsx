// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SampleList } from '../../../src/messaging/protocol';
import type { VocabularyEntry } from '../../../src/storage/db';
import type { StoredSample } from '../../../src/storage/samples';
import { BackupControls } from '../../../src/ui/options/BackupControls';
import { DeleteEverything } from '../../../src/ui/options/DeleteEverything';
import { ModelInfoPanel } from '../../../src/ui/options/ModelInfoPanel';
import { SampleViewer } from '../../../src/ui/options/SampleViewer';
import { VocabularyEditor } from '../../../src/ui/options/VocabularyEditor';
import { fakeAsk } from '../fake-ask';
import { useLocale } from '../locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const sample = (id: number, text: string, origin: string): StoredSample => ({
  id, draftKey: `k${id}`, text, lang: 'en', origin, createdAt: 0, updatedAt: Date.UTC(2024, 4, id), learned: id % 2 ? 1 : 0,
});

/** A sample store the fake background searches like the real one. */
function sampleStore() {
  let samples = [sample(1, 'lunch on friday', 'https://mail.example'), sample(2, 'see you friday', 'https://chat.example'), sample(3, 'numbers attached', 'https://mail.example')];
  const listSamples = ({ search = '', origin }: { search?: string; origin?: string }): SampleList => {
    const found = samples.filter((s) => s.text.includes(search.toLowerCase()) && (!origin || s.origin === origin));
    const origins = [...new Set(samples.map((s) => s.origin))].sort().map((o) => ({ origin: o, count: samples.filter((s) => s.origin === o).length }));
    return { samples: found, matching: found.length, origins };
  };
  return fakeAsk({
    listSamples,
    deleteSample: ({ id }) => { samples = samples.filter((s) => s.id !== id); return null; },
    deleteSiteSamples: ({ origin }) => { const n = samples.length; samples = samples.filter((s) => s.origin !== origin); return { deleted: n - samples.length }; },
  });
}

const texts = () => screen.queryAllByText(/friday|numbers/).map((p) => p.textContent);

describe('SampleViewer', () => {
  it('lists the samples with their site, and says how many', async () => {
    const { ask } = sampleStore();
    render(<SampleViewer ask={ask} />);
    await screen.findByText('3 samples');
    expect(texts()).toEqual(['lunch on friday', 'see you friday', 'numbers attached']);
  });

  it('searches', async () => {
    const { ask } = sampleStore();
    render(<SampleViewer ask={ask} />);
    await screen.findByText('3 samples');
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'friday' } });
    await screen.findByText('2 samples');
    expect(texts()).toEqual(['lunch on friday', 'see you friday']);
  });

  it('filters by site, and deletes that site’s samples after asking', async () => {
    const { ask, asked } = sampleStore();
    render(<SampleViewer ask={ask} />);
    await screen.findByText('3 samples');
    const site = screen.getByLabelText('Site') as HTMLSelectElement;
    expect([...site.options].map((o) => o.textContent)).toEqual(['All sites', 'https://chat.example (1)', 'https://mail.example (2)']);
    fireEvent.change(site, { target: { value: 'https://mail.example' } });
    await screen.findByText('2 samples');
    fireEvent.click(screen.getByRole('button', { name: 'Delete all 2 samples from https://mail.example…' }));
    expect(asked('deleteSiteSamples')).toEqual([]);
    const confirm = screen.getByRole('group', { name: 'Delete all 2 samples from https://mail.example?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await screen.findByText('1 samples');
    expect(asked('deleteSiteSamples')).toEqual([{ origin: 'https://mail.example' }]);
    expect(texts()).toEqual(['see you friday']);
  });

  it('tells the page after a deletion, so the other lists reload', async () => {
    const { ask } = sampleStore();
    const onDeleted = vi.fn();
    render(<SampleViewer ask={ask} onDeleted={onDeleted} />);
    await screen.findByText('3 samples');
    fireEvent.click(screen.getAllByRole('button', { name: /^Delete the sample from https:\/\/chat\.example/ })[0]!);
    await screen.findByText('2 samples');
    expect(onDeleted).toHaveBeenCalledTimes(1);
  });

  it('deletes one sample', async () => {
    const { ask, asked } = sampleStore();
    render(<SampleViewer ask={ask} />);
    await screen.findByText('3 samples');
    const buttons = screen.getAllByRole('button', { name: /^Delete the sample from https:\/\/chat\.example/ });
    fireEvent.click(buttons[0]!);
    await screen.findByText('2 samples');
    expect(asked('deleteSample')).toEqual([{ id: 2 }]);
    expect(texts()).toEqual(['lunch on friday', 'numbers attached']);
  });

  it('shows why the samples cannot be listed', async () => {
    const { ask } = fakeAsk({ listSamples: () => Promise.reject(new Error('only Inkling’s own pages may do this')) });
    render(<SampleViewer ask={ask} />);
    expect((await screen.findByRole('alert')).textContent).toContain('only Inkling');
  });
});

describe('VocabularyEditor', () => {
  function vocabularyStore() {
    const entry = (word: string, over: Partial<VocabularyEntry> = {}): VocabularyEntry => ({
      word: word.toLowerCase(), display: word, count: 2, firstSeen: 0, lastSeen: 0, blocked: false, addedByUser: false, lang: 'en', ...over,
    });
    let words = [entry('Zyrtelle', { count: 5 }), entry('darn', { blocked: true })];
    return fakeAsk({
      listVocabulary: () => words,
      addWord: ({ word }) => { words = [...words, entry(word, { addedByUser: true })]; return null; },
      removeWord: ({ word }) => { words = words.filter((w) => w.word !== word); return null; },
      blockWord: ({ word, blocked }) => {
        words = words.some((w) => w.word === word.toLowerCase())
          ? words.map((w) => (w.word === word.toLowerCase() ? { ...w, blocked } : w))
          : [...words, entry(word, { blocked })];
        return null;
      },
    });
  }

  it('lists learned and blocked words', async () => {
    const { ask } = vocabularyStore();
    render(<VocabularyEditor ask={ask} />);
    await screen.findByText('Learned and added (1)');
    expect(screen.getByText('written 5 times')).toBeTruthy();
    expect(screen.getByText('Blocked (1)')).toBeTruthy();
  });

  it('adds a word', async () => {
    const { ask, asked } = vocabularyStore();
    render(<VocabularyEditor ask={ask} />);
    await screen.findByText('Learned and added (1)');
    fireEvent.input(screen.getByLabelText('Add a word'), { target: { value: ' Quixote ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await screen.findByText('Learned and added (2)');
    expect(asked('addWord')).toEqual([{ word: 'Quixote' }]);
    expect(screen.getByText('added by you')).toBeTruthy();
    expect((screen.getByLabelText('Add a word') as HTMLInputElement).value).toBe('');
  });

  it('blocks a word never seen, blocks a known word, unblocks, and removes', async () => {
    const { ask, asked } = vocabularyStore();
    render(<VocabularyEditor ask={ask} />);
    await screen.findByText('Learned and added (1)');
    fireEvent.input(screen.getByLabelText('Never suggest a word'), { target: { value: 'heck' } });
    const blockForm = screen.getByLabelText('Never suggest a word').closest('form')!;
    fireEvent.click(within(blockForm).getByRole('button', { name: 'Block' }));
    await screen.findByText('Blocked (2)');
    fireEvent.click(screen.getByRole('button', { name: 'Block Zyrtelle' }));
    await screen.findByText('Blocked (3)');
    fireEvent.click(screen.getByRole('button', { name: 'Unblock darn' }));
    await screen.findByText('Blocked (2)');
    fireEvent.click(screen.getByRole('button', { name: 'Remove darn' }));
    await waitFor(() => expect(asked('removeWord')).toEqual([{ word: 'darn' }]));
    expect(asked('blockWord')).toEqual([{ word: 'heck', blocked: true }, { word: 'zyrtelle', blocked: true }, { word: 'darn', blocked: false }]);
  });
});

describe('BackupControls', () => {
  const file = { format: 'inkling-personal-data', version: 1, exportedAt: '', samples: [sample(1, 'a b c', 'o')], vocabulary: [], stats: [], checkpoints: [], preferences: {} } as const;

  it('exports everything to one JSON file', async () => {
    const { ask } = fakeAsk({ exportData: () => structuredClone(file) as never });
    const save = vi.fn();
    render(<BackupControls ask={ask} onImported={() => {}} save={save} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export to a file' }));
    expect((await screen.findByRole('status')).textContent).toBe('Exported 1 samples and 0 words.');
    const [name, text] = save.mock.calls[0]!;
    expect(name).toMatch(/^inkling-data-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(text)).toEqual(file);
  });

  const choose = (text: string) => {
    const input = screen.getByLabelText('Import a file…') as HTMLInputElement;
    const chosen = new File([text], 'backup.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [chosen], configurable: true });
    fireEvent.change(input);
  };

  it('imports a file only after the user confirms replacing the stored data', async () => {
    const { ask, asked } = fakeAsk({ importData: () => ({ samples: 4, words: 7 }) });
    const onImported = vi.fn();
    render(<BackupControls ask={ask} onImported={onImported} />);
    choose('{"format":"inkling-personal-data"}');
    const confirm = await screen.findByRole('group', { name: 'Replace everything stored now with the contents of backup.json?' });
    expect(asked('importData')).toEqual([]);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Replace with this file' }));
    expect((await screen.findByRole('status')).textContent).toBe('Imported 4 samples and 7 words.');
    expect(asked('importData')).toEqual([{ file: '{"format":"inkling-personal-data"}' }]);
    expect(onImported).toHaveBeenCalled();
  });

  it('says a rejected file changed nothing, and why', async () => {
    const { ask } = fakeAsk({ importData: () => Promise.reject(new Error('samples[3]: field "text" is not string')) });
    const onImported = vi.fn();
    render(<BackupControls ask={ask} onImported={onImported} />);
    choose('{}');
    fireEvent.click(await screen.findByRole('button', { name: 'Replace with this file' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Nothing was changed: samples[3]: field "text" is not string');
    expect(onImported).not.toHaveBeenCalled();
  });

  it('can be cancelled', async () => {
    const { ask, asked } = fakeAsk({});
    render(<BackupControls ask={ask} onImported={() => {}} />);
    choose('{}');
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group')).toBeNull();
    expect(asked('importData')).toEqual([]);
  });
});

describe('DeleteEverything', () => {
  it('asks first, with the focus on Cancel, then deletes', async () => {
    const { ask, asked } = fakeAsk({ deleteEverything: () => null });
    const onDeleted = vi.fn();
    render(<DeleteEverything ask={ask} onDeleted={onDeleted} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    const dialog = screen.getByRole('alertdialog');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(asked('deleteEverything')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Yes, delete everything' }));
    expect((await screen.findByRole('status')).textContent).toBe('Everything was deleted. Settings are back to their defaults.');
    expect(asked('deleteEverything')).toEqual([{}]);
    expect(onDeleted).toHaveBeenCalled();
  });

  it('does nothing when cancelled', () => {
    const { ask, asked } = fakeAsk({});
    render(<DeleteEverything ask={ask} onDeleted={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(asked('deleteEverything')).toEqual([]);
  });
});

describe('ModelInfoPanel', () => {
  it('names the base model, its size and vocabulary, and the size of what was learned', async () => {
    const { ask } = fakeAsk({
      modelInfo: () => ({ model: 'inkling-en', lang: 'en', params: 3_100_000, bytes: 3_950_000, vocab: 20_000 }),
      personalInfo: () => ({ samples: 12, sampleChars: 4000, words: 30, blockedWords: 2, checkpoints: [{ name: 'personal-en', version: 3, bytes: 2048, createdAt: 0 }] }),
    });
    render(<ModelInfoPanel ask={ask} version="0.1.0" />);
    await screen.findByText('inkling-en (English)');
    const text = screen.getByRole('region', { name: 'Model' }).textContent;
    expect(text).toContain('Inkling version0.1.0');
    expect(text).toContain('4 MB · 3.1 million parameters');
    expect(text).toContain('20,000 words');
    await waitFor(() => expect(screen.getByRole('region', { name: 'Model' }).textContent).toContain('2 KB'));
    expect(screen.getByRole('region', { name: 'Model' }).textContent).toContain('12 samples (8 KB) · 30 words · 2 blocked');
  });

  it('says when what was learned could not be read, instead of leaving it out', async () => {
    const { ask } = fakeAsk({ modelInfo: () => ({ model: 'inkling-en', lang: 'en', params: 3_100_000, bytes: 3_950_000, vocab: 20_000 }) });
    render(<ModelInfoPanel ask={ask} version="0.1.0" />);
    expect((await screen.findByRole('alert')).textContent).toBe('Could not load “Learned from you”: personalInfo is not answered here');
  });
});
