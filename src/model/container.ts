import { crc32 } from '../util/crc32';

/** Why a model file was rejected. */
export type ModelFormatProblem = 'magic' | 'version' | 'truncated' | 'checksum' | 'header' | 'section';

/** A model file that cannot be used; `problem` says which check failed. */
export class ModelFormatError extends Error {
  constructor(readonly problem: ModelFormatProblem, message: string) {
    super(message);
    this.name = 'ModelFormatError';
  }
}

export const MAGIC = 'INKLMDL\0';
export const FORMAT_VERSION = 3;
/** The oldest format this build still reads (version 2: the same layout with an int8 embedding). */
export const OLDEST_FORMAT_VERSION = 2;

const DTYPES = {
  i8: Int8Array, u8: Uint8Array, u16: Uint16Array, i32: Int32Array, u32: Uint32Array, f32: Float32Array,
} as const;
export type DType = keyof typeof DTYPES;
export type Typed = Int8Array<ArrayBufferLike> | Uint8Array<ArrayBufferLike> | Uint16Array<ArrayBufferLike> | Int32Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike> | Float32Array<ArrayBufferLike>;

export interface SectionEntry { name: string; dtype: DType; offset: number; length: number }

/** Header JSON (metadata + the section table). */
export interface Header { meta: Record<string, unknown>; sections: SectionEntry[] }

/**
 * Writes the container: magic (8) | version u32 | header length u32 | header JSON |
 * sections, each 16-byte aligned | CRC-32 u32 of all preceding bytes. Little-endian.
 */
export function writeContainer(meta: Record<string, unknown>, sections: Record<string, Typed | string>): Uint8Array {
  const enc = new TextEncoder();
  const blobs: { name: string; dtype: DType; bytes: Uint8Array; length: number }[] = [];
  for (const [name, data] of Object.entries(sections)) {
    if (typeof data === 'string') { const b = enc.encode(data); blobs.push({ name, dtype: 'u8', bytes: b, length: b.length }); continue; }
    const dtype = (Object.keys(DTYPES) as DType[]).find((k) => data instanceof DTYPES[k])!;
    blobs.push({ name, dtype, bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), length: data.length });
  }
  // Offsets are relative to the start of the section area, so the header does not depend on its own length.
  let off = 0;
  const entries: SectionEntry[] = blobs.map((b) => { const e = { name: b.name, dtype: b.dtype, offset: off, length: b.length }; off = align16(off + b.bytes.length); return e; });
  const header = enc.encode(JSON.stringify({ meta, sections: entries } satisfies Header));
  const start = align16(16 + header.length);
  const out = new Uint8Array(start + off + 4);
  out.set(enc.encode(MAGIC), 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, FORMAT_VERSION, true);
  dv.setUint32(12, header.length, true);
  out.set(header, 16);
  blobs.forEach((b, i) => out.set(b.bytes, start + entries[i].offset));
  dv.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

function align16(n: number): number { return Math.ceil(n / 16) * 16; }

/** A parsed container: its format version, metadata and typed views (copies, aligned) of each section. */
export interface Container { version: number; meta: Record<string, unknown>; sections: Map<string, Typed>; checksum: number }

/** Checks magic, version, length and checksum, then returns the sections. Throws ModelFormatError. */
export function readContainer(bytes: Uint8Array): Container {
  if (bytes.length < 20) throw new ModelFormatError('truncated', `model file is ${bytes.length} bytes: too short to be an Inkling model`);
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new ModelFormatError('magic', 'not an Inkling model file (bad magic number)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(8, true);
  if (version < OLDEST_FORMAT_VERSION || version > FORMAT_VERSION) {
    throw new ModelFormatError('version', `model format version ${version} is not supported (this build reads version ${FORMAT_VERSION} and the older ${OLDEST_FORMAT_VERSION}); use a model built for this version`);
  }
  const hlen = dv.getUint32(12, true);
  if (16 + hlen + 4 > bytes.length) throw new ModelFormatError('truncated', 'model file is truncated (header runs past the end)');
  const stored = dv.getUint32(bytes.length - 4, true);
  if (crc32(bytes.subarray(0, bytes.length - 4)) !== stored) throw new ModelFormatError('checksum', 'model file is corrupted or truncated (checksum mismatch)');
  let header: Header;
  try { header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + hlen))) as Header; } catch {
    throw new ModelFormatError('header', 'model header is not valid JSON');
  }
  if (!header || typeof header.meta !== 'object' || header.meta === null || !Array.isArray(header.sections)) throw new ModelFormatError('header', 'model header lacks meta or sections');
  const start = align16(16 + hlen), end = bytes.length - 4;
  const sections = new Map<string, Typed>();
  for (const s of header.sections) {
    // Own keys only: a dtype such as "__proto__" must not reach an inherited property.
    const Ctor = typeof s === 'object' && s !== null && Object.hasOwn(DTYPES, s.dtype) ? DTYPES[s.dtype as DType] : undefined;
    if (!Ctor || typeof s.name !== 'string' || !Number.isInteger(s.offset) || !Number.isInteger(s.length) || s.offset < 0 || s.length < 0) {
      throw new ModelFormatError('header', `section ${JSON.stringify((s as Partial<SectionEntry> | null)?.name ?? null)} has a bad entry`);
    }
    const from = start + s.offset, to = from + s.length * Ctor.BYTES_PER_ELEMENT;
    if (to > end) throw new ModelFormatError('truncated', `section ${s.name} runs past the end of the file`);
    // Uint8Array.prototype.slice copies even for a Node Buffer, whose own slice is a view.
    sections.set(s.name, new Ctor(Uint8Array.prototype.slice.call(bytes, from, to).buffer));
  }
  return { version, meta: header.meta, sections, checksum: stored };
}
