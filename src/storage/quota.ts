/** Thrown when a write still does not fit after pruning. */
export class StorageQuotaError extends Error {
  override name = 'StorageQuotaError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Frees space before a retried write (e.g. prunes old samples). */
export type Prune = () => Promise<unknown>;

/** True for the error IndexedDB reports when the origin's storage quota is used up. */
export function isQuotaError(error: unknown): boolean {
  // Checked by name: DOMException is not the same class in every realm, and Firefox
  // reports the quota as NS_ERROR_DOM_QUOTA_REACHED (legacy code 1014).
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/**
 * Runs a write; on a quota error frees space with `prune` and retries once.
 * Throws StorageQuotaError if the retry also hits the quota (or there is no `prune`);
 * any other error passes through unchanged.
 */
export async function withQuotaRetry<T>(op: () => Promise<T>, prune?: Prune): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    if (!prune) throw new StorageQuotaError('storage is full and nothing can be pruned', { cause: error });
    await prune();
    try {
      return await op();
    } catch (retryError) {
      if (!isQuotaError(retryError)) throw retryError;
      throw new StorageQuotaError('storage is still full after pruning', { cause: retryError });
    }
  }
}
