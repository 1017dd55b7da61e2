import type { Engine } from '../engine/engine';
import type { InklingDatabase } from '../storage/db';
import { blockedWords, listVocabulary } from '../storage/vocabulary';
import { BlockedWords } from './blocked-words';

/** A word the user added to their vocabulary: folded `word`, `display` as they wrote it. */
export interface AddedWord { word: string; display: string }

/**
 * The user's own words as the engines and the predict handler need them, held in memory (a
 * keystroke must not wait on IndexedDB): the blocked words, and the added words every engine
 * completes. Read on first use and again after every change of the vocabulary.
 */
export class UserVocabulary {
  readonly blocked: BlockedWords;
  private added: Promise<AddedWord[]> | null = null;

  constructor(
    private readonly openDb: () => Promise<InklingDatabase>,
    /** The engines loaded so far, given the words again after a change. */
    private readonly loadedEngines: () => Engine[],
    private readonly report: (problem: string, error: unknown) => void,
  ) {
    this.blocked = new BlockedWords(async () => blockedWords(await openDb()));
  }

  /** Gives an engine the words the user added; without them (said) if they cannot be read now. */
  async giveTo(engine: Engine): Promise<Engine> {
    const pending = (this.added ??= this.readAdded());
    const words = await pending.catch((error: unknown) => {
      if (this.added === pending) this.added = null; // tried again at the next change or load
      this.report('user words not loaded', error);
      return [];
    });
    engine.setUserWords(words);
    // The engine ranks without them, so they take no place of a suggestion; the predict handler
    // still checks its answer against them, failing closed while they cannot be read.
    engine.setBlockedWords(await this.blocked.current().catch((error: unknown) => {
      this.report('blocked words not loaded', error);
      return new Set<string>();
    }));
    return engine;
  }

  /** Call after the vocabulary changed (add, remove, block, import, delete everything). */
  refresh(): void {
    this.blocked.refresh();
    this.added = null;
    for (const engine of this.loadedEngines()) void this.giveTo(engine);
  }

  private async readAdded(): Promise<AddedWord[]> {
    const entries = await listVocabulary(await this.openDb());
    return entries.filter((e) => e.addedByUser && !e.blocked).map(({ word, display }) => ({ word, display }));
  }
}
