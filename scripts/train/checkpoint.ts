import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** A training checkpoint: JSON metadata and named float arrays, written atomically. */
export interface Checkpoint { meta: Record<string, unknown>; arrays: Record<string, Float32Array> }

/** Writes to a temporary file and renames it, so a crash never leaves a half-written checkpoint. */
export function saveCheckpoint(path: string, ck: Checkpoint): void {
  const names = Object.keys(ck.arrays);
  const header = Buffer.from(JSON.stringify({ meta: ck.meta, arrays: names.map((n) => [n, ck.arrays[n].length]) }));
  const parts: Buffer[] = [Buffer.from('INKCKPT1'), Buffer.alloc(4), header];
  parts[1].writeUInt32LE(header.length);
  for (const n of names) parts.push(Buffer.from(ck.arrays[n].buffer, ck.arrays[n].byteOffset, ck.arrays[n].byteLength));
  writeFileSync(path + '.tmp', Buffer.concat(parts));
  renameSync(path + '.tmp', path);
}

export function loadCheckpoint(path: string): Checkpoint | undefined {
  if (!existsSync(path)) return undefined;
  const buf = readFileSync(path);
  if (buf.subarray(0, 8).toString() !== 'INKCKPT1') throw new Error(`${path} is not an Inkling training checkpoint`);
  const len = buf.readUInt32LE(8);
  const { meta, arrays } = JSON.parse(buf.subarray(12, 12 + len).toString()) as { meta: Record<string, unknown>; arrays: [string, number][] };
  let off = 12 + len;
  const out: Record<string, Float32Array> = {};
  for (const [n, count] of arrays) {
    out[n] = new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + count * 4));
    off += count * 4;
  }
  if (off !== buf.length) throw new Error(`${path} is truncated or has trailing bytes`);
  return { meta, arrays: out };
}
