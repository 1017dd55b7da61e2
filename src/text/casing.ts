/** Whether the next word starts a sentence: empty field, or after . ! ? or a line break. */
export function atSentenceStart(context: string): boolean {
  const t = context.replace(/[ \t"'()\[\]*]+$/u, '');
  return t === '' || /[.!?\n]$/.test(t);
}

/**
 * How a suggested word is inserted: its usual spelling (`shown`), capitalised at a sentence
 * start, and following the case the user already typed (an upper-case first letter, or
 * all capitals from two letters on).
 */
export function applyCasing(shown: string, context: string, typedPrefix: string): string {
  if (typedPrefix.length >= 2 && typedPrefix === typedPrefix.toUpperCase() && typedPrefix !== typedPrefix.toLowerCase()) {
    return shown.toUpperCase();
  }
  const first = typedPrefix.charAt(0);
  const capital = atSentenceStart(context) || (first !== '' && first !== first.toLowerCase());
  const word = capital ? shown.charAt(0).toUpperCase() + shown.slice(1) : shown;
  // Keep the letters the user typed as they typed them (e.g. "McD" → "McDonald").
  return typedPrefix && word.toLowerCase().startsWith(typedPrefix.toLowerCase()) ? typedPrefix + word.slice(typedPrefix.length) : word;
}
