import { useState } from 'preact/hooks';

export interface WordFormProps {
  label: string;
  button: string;
  /** Called with the word typed (trimmed, one word); the field is emptied once it resolves. */
  onWord(word: string): Promise<unknown>;
}

/** One text field and a button, for a single word. */
export function WordForm({ label, button, onWord }: WordFormProps) {
  const [word, setWord] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    const clean = word.trim();
    if (!clean || /\s/.test(clean)) return;
    void onWord(clean).then(() => setWord(''));
  };
  return (
    <form class="inline" onSubmit={submit}>
      <label>
        <span>{label}</span>
        <input type="text" value={word} maxLength={64} onInput={(e) => setWord((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="submit">{button}</button>
    </form>
  );
}
