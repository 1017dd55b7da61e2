import { FIELD_CAPACITY } from '../engine/engine';

/**
 * Which fields the engine holds LSTM state for. Keys are `tab/frame/field`; the
 * least recently used field is forgotten past `capacity`, and a closed tab forgets all of its own.
 */
export class FieldSessions {
  private readonly recent = new Map<string, number>(); // key → tabId, in use order

  constructor(
    private readonly forget: (key: string) => void,
    // The engines keep LSTM state for as many typing fields (one owner of the number: the engine).
    private readonly capacity = FIELD_CAPACITY,
  ) {}

  static key(tabId: number, frameId: number, field: string): string {
    return `${tabId}/${frameId}/${field}`;
  }

  /** Marks a field as just used; evicts the oldest beyond capacity. */
  touch(key: string, tabId: number): void {
    this.recent.delete(key);
    this.recent.set(key, tabId);
    while (this.recent.size > this.capacity) {
      const oldest = this.recent.keys().next().value as string;
      this.drop(oldest);
    }
  }

  drop(key: string): void {
    if (this.recent.delete(key)) this.forget(key);
  }

  dropTab(tabId: number): void {
    for (const [key, owner] of [...this.recent]) if (owner === tabId) this.drop(key);
  }

  get size(): number {
    return this.recent.size;
  }
}
