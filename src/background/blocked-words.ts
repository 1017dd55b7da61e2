import { foldCase } from '../text/tokenize';

/**
 * The words the user blocked, held in memory for the predict handler: a keystroke must not
 * wait on IndexedDB. Loaded on first use and again after every change.
 */
export class BlockedWords {
  private words: Promise<Set<string>> | null = null;

  constructor(private readonly load: () => Promise<Set<string>>) {}

  /** The blocked words (folded); rejects if they cannot be read, and the next call tries again. */
  current(): Promise<Set<string>> {
    const pending = (this.words ??= this.load());
    return pending.catch((error: unknown) => {
      if (this.words === pending) this.words = null;
      throw error;
    });
  }

  /** `suggestions` without the blocked words (compared folded, so "Foo" is blocked by "foo"). */
  async filter(suggestions: string[]): Promise<string[]> {
    // Unreadable: nothing is suggested (never a blocked word); the next keystroke tries again.
    const blocked = await this.current();
    return blocked.size === 0 ? suggestions : suggestions.filter((w) => !blocked.has(foldCase(w)));
  }

  /** Call after the blocked words changed (block, unblock, import, delete everything). */
  refresh(): void {
    this.words = null;
  }
}
