import type { LiveSuggestions as Live } from '../messaging/protocol';

export interface LiveSuggestionsProps {
  live: Live | null;
}

/** The suggestions Inkling is showing right now in the tab's focused field. */
export function LiveSuggestions({ live }: LiveSuggestionsProps) {
  if (!live) return <p class="hint">Type in a text field on this page to see suggestions here.</p>;
  return (
    <section class="live" aria-live="polite">
      <h2>Suggestions{live.prefix ? ` for “${live.prefix}…”` : ''}</h2>
      {live.suggestions.length === 0 ? (
        <p class="hint">No suggestion for this word.</p>
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
