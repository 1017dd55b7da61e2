import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBObjectStore } from 'fake-indexeddb';
import { crc32 } from '../../src/util/crc32';
import { deleteCheckpoint, readCheckpoint, writeCheckpoint } from '../../src/storage/checkpoints';
import { StorageQuotaError } from '../../src/storage/quota';
import { badRecordLog, failNextPuts, freshDB, putRaw, quotaError } from './helpers';

afterEach(() => vi.restoreAllMocks());

const bytesOf = (...values: number[]) => new Uint8Array(values);

describe('writeCheckpoint / readCheckpoint', () => {
  it('round-trips bytes and counts versions', async () => {
    const db = await freshDB();
    expect(await readCheckpoint(db, 'personal')).toBeUndefined();
    expect(await writeCheckpoint(db, 'personal', bytesOf(1, 2, 3), 10)).toBe(1);
    expect(await writeCheckpoint(db, 'personal', bytesOf(4, 5), 20)).toBe(2);
    expect(await readCheckpoint(db, 'personal')).toEqual(bytesOf(4, 5));
    expect(await db.get('checkpoints', 'personal')).toMatchObject({ version: 2, createdAt: 20, checksum: crc32(bytesOf(4, 5)) });
  });

  it('stores only the bytes of a view, not its whole buffer', async () => {
    const db = await freshDB();
    const big = new Uint8Array(1000).map((_, i) => i);
    await writeCheckpoint(db, 'personal', big.subarray(10, 14), 1);
    const stored = await db.get('checkpoints', 'personal');
    expect(stored!.bytes.buffer.byteLength).toBe(4);
    expect(await readCheckpoint(db, 'personal')).toEqual(bytesOf(10, 11, 12, 13));
  });

  it.each([
    ['flipped byte', { bytes: bytesOf(1, 2, 99) }, /checksum \d+ does not match stored \d+/],
    ['truncated bytes', { bytes: bytesOf(1, 2) }, /checksum/],
    ['bytes of the wrong type', { bytes: [1, 2, 3] }, /field "bytes" is not bytes/],
    ['missing checksum', { checksum: undefined }, /field "checksum" is not number/],
  ])('returns undefined and reports a corrupted checkpoint (%s)', async (_name, damage, reason) => {
    const db = await freshDB();
    const good = { name: 'personal', version: 1, createdAt: 1, bytes: bytesOf(1, 2, 3), checksum: crc32(bytesOf(1, 2, 3)) };
    await putRaw(db, 'checkpoints', { ...good, ...damage });
    const log = badRecordLog();
    expect(await readCheckpoint(db, 'personal', log.onBadRecord)).toBeUndefined();
    expect(log.reports).toHaveLength(1);
    expect(log.reports[0]![0]).toMatch(reason);
    expect(log.reports[0]![1]).toBe('personal');
  });

  it('keeps the previous checkpoint when a write fails before its put', async () => {
    const db = await freshDB();
    await writeCheckpoint(db, 'personal', bytesOf(1, 2, 3), 1);
    failNextPuts(new DOMException('disk I/O failed', 'UnknownError'));
    await expect(writeCheckpoint(db, 'personal', bytesOf(9, 9, 9, 9), 2)).rejects.toThrow('disk I/O failed');
    expect(await readCheckpoint(db, 'personal')).toEqual(bytesOf(1, 2, 3));
  });

  it('keeps the previous checkpoint when the transaction fails after its put was issued', async () => {
    const db = await freshDB();
    await writeCheckpoint(db, 'personal', bytesOf(1, 2, 3), 1);
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(function (this: IDBObjectStore, ...args) {
      realPut.apply(this, args); // the new record is queued in the transaction…
      throw new Error('worker killed mid-write'); // …and then the write goes wrong
    });
    await expect(writeCheckpoint(db, 'personal', bytesOf(9, 9, 9, 9), 2)).rejects.toThrow('worker killed mid-write');
    expect(await readCheckpoint(db, 'personal')).toEqual(bytesOf(1, 2, 3));
    expect(await db.get('checkpoints', 'personal')).toMatchObject({ version: 1 });
  });

  it('prunes and retries on a quota error; throws StorageQuotaError if it still does not fit', async () => {
    const db = await freshDB();
    failNextPuts(quotaError());
    const prune = vi.fn(async () => {});
    expect(await writeCheckpoint(db, 'personal', bytesOf(7), 1, prune)).toBe(1);
    expect(prune).toHaveBeenCalledOnce();
    failNextPuts(quotaError(), 2);
    await expect(writeCheckpoint(db, 'personal', bytesOf(8), 2, prune)).rejects.toBeInstanceOf(StorageQuotaError);
    expect(await readCheckpoint(db, 'personal')).toEqual(bytesOf(7));
  });
});

describe('deleteCheckpoint', () => {
  it('forgets a checkpoint', async () => {
    const db = await freshDB();
    await writeCheckpoint(db, 'personal', bytesOf(1), 1);
    await deleteCheckpoint(db, 'personal');
    expect(await readCheckpoint(db, 'personal')).toBeUndefined();
  });
});
