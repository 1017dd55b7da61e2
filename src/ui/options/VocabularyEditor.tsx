import { useEffect, useState } from 'preact/hooks';
import type { VocabularyEntry } from '../../messaging/protocol';
import { errorText, type Ask } from '../background-api';
import { formatNumber, t } from '../i18n';
import { WordForm } from './WordForm';

export interface VocabularyEditorProps {
  ask: Ask;
  /** Changes whenever stored data may have changed elsewhere on the page. */
  version?: number;
}

/** The personal vocabulary: words Inkling learned or was given, and words it must never suggest. */
export function VocabularyEditor({ ask, version = 0 }: VocabularyEditorProps) {
  const [words, setWords] = useState<VocabularyEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let current = true;
    ask('listVocabulary', {}).then(
      (list) => current && (setWords(list), setError(null)),
      (e: unknown) => current && setError(errorText(e)),
    );
    return () => { current = false; };
  }, [ask, reload, version]);

  const run = (work: Promise<unknown>) => work.then(() => setReload((n) => n + 1), (e: unknown) => setError(errorText(e)));
  const known = words?.filter((w) => !w.blocked) ?? [];
  const blocked = words?.filter((w) => w.blocked) ?? [];

  return (
    <section aria-labelledby="vocabulary-title">
      <h3 id="vocabulary-title">{t('vocabularyTitle')}</h3>
      <p class="hint">{t('vocabularyHint')}</p>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="filters">
        <WordForm label={t('wordAdd')} button={t('wordAddButton')} onWord={(word) => run(ask('addWord', { word }))} />
        <WordForm label={t('wordBlock')} button={t('wordBlockButton')} onWord={(word) => run(ask('blockWord', { word, blocked: true }))} />
      </div>
      <h4 id="words-title">{t('wordsKnown', formatNumber(known.length))}</h4>
      <ul class="rows words" aria-labelledby="words-title">
        {known.map((w) => (
          <li key={w.word}>
            <span class="word">{w.display}</span>
            <span class="meta">{w.addedByUser ? t('wordAddedByYou') : t('wordTimes', formatNumber(w.count))}</span>
            <button type="button" onClick={() => void run(ask('blockWord', { word: w.word, blocked: true }))} aria-label={t('wordBlockLabel', w.display)}>
              {t('wordBlockButton')}
            </button>
            <button type="button" onClick={() => void run(ask('removeWord', { word: w.word }))} aria-label={t('wordRemoveLabel', w.display)}>
              {t('wordRemove')}
            </button>
          </li>
        ))}
      </ul>
      <h4 id="blocked-title">{t('wordsBlocked', formatNumber(blocked.length))}</h4>
      <ul class="rows words" aria-labelledby="blocked-title">
        {blocked.map((w) => (
          <li key={w.word}>
            <span class="word">{w.display}</span>
            <button type="button" onClick={() => void run(ask('blockWord', { word: w.word, blocked: false }))} aria-label={t('wordUnblockLabel', w.display)}>
              {t('wordUnblock')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
