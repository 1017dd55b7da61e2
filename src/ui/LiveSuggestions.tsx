import type { LiveSuggestions as Live } from '../messaging/protocol';
import { t } from './i18n';

export interface LiveSuggestionsProps {
  live: Live | null;
}

/** The suggestions Inkling is showing right now in the tab's focused field. */
export function LiveSuggestions({ live }: LiveSuggestionsProps) {
  if (!live) return <p class="hint">{t('liveNone')}</p>;
  return (
    <section class="live" aria-live="polite">
      <h2>{live.prefix ? t('liveTitleFor', live.prefix) : t('liveTitle')}</h2>
      {live.suggestions.length === 0 ? (
        <p class="hint">{t('liveEmpty')}</p>
      ) : (
        <ol>
          {live.suggestions.map((word) => (
            <li key={word}>{word}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
