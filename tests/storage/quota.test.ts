import { describe, expect, it, vi } from 'vitest';
import { isQuotaError, StorageQuotaError, withQuotaRetry } from '../../src/storage/quota';
import { quotaError } from './helpers';

/** An operation that fails with the given errors in turn, then succeeds. */
function flaky(...errors: unknown[]) {
  return vi.fn(async () => {
    const error = errors.shift();
    if (error !== undefined) throw error;
    return 'written';
  });
}

describe('isQuotaError', () => {
  it.each([
    [quotaError(), true],
    [new DOMException('full', 'NS_ERROR_DOM_QUOTA_REACHED'), true],
    [new DOMException('nope', 'AbortError'), false],
    [new Error('QuotaExceededError'), false],
    [null, false],
  ])('%s → %s', (error, expected) => {
    expect(isQuotaError(error)).toBe(expected);
  });
});

describe('withQuotaRetry', () => {
  it('returns the result of a write that succeeds without pruning', async () => {
    const prune = vi.fn(async () => {});
    expect(await withQuotaRetry(flaky(), prune)).toBe('written');
    expect(prune).not.toHaveBeenCalled();
  });

  it('prunes and retries once after a quota error', async () => {
    const op = flaky(quotaError());
    const prune = vi.fn(async () => {});
    expect(await withQuotaRetry(op, prune)).toBe('written');
    expect(prune).toHaveBeenCalledOnce();
    expect(op).toHaveBeenCalledTimes(2);
  });

  it('throws StorageQuotaError (with the cause) when the retry fails too', async () => {
    const second = quotaError();
    const error = await withQuotaRetry(flaky(quotaError(), second), async () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageQuotaError);
    expect((error as StorageQuotaError).cause).toBe(second);
    expect((error as Error).name).toBe('StorageQuotaError');
  });

  it('throws StorageQuotaError at once when there is nothing to prune', async () => {
    const op = flaky(quotaError());
    await expect(withQuotaRetry(op)).rejects.toBeInstanceOf(StorageQuotaError);
    expect(op).toHaveBeenCalledOnce();
  });

  it('passes other errors through without pruning', async () => {
    const prune = vi.fn(async () => {});
    await expect(withQuotaRetry(flaky(new TypeError('bad')), prune)).rejects.toThrow(TypeError);
    expect(prune).not.toHaveBeenCalled();
  });
});
