/**
 * Int32 values as zigzag LEB128 varints: 1 byte below 64 in magnitude, 2 below 8,192, 3 below
 * 1,048,576. The personal n-gram's arrays hold mostly small keys, row numbers and counts of 1,
 * so they take less than half their Int32 size.
 */

/** Bytes a varint takes at most (32 bits, 7 a byte). */
const MOST_BYTES = 5;

/**
 * Writes values in pieces of about `most` bytes each: a piece ends once it holds `most` bytes
 * or more (never a value cut in two), so the next can be encoded later, in another slice. With
 * `most` Infinity everything goes in one piece (the buffer grows).
 */
export class VarintWriter {
  private buf: Uint8Array;
  private at = 0;

  constructor(private readonly most: number) {
    this.buf = new Uint8Array(Math.min(most, 1 << 16) + MOST_BYTES);
  }

  /** Writes values[from, to) (as differences from the value before when `delta`) until the piece is full; returns where it stopped. */
  write(values: Int32Array, from: number, to: number, delta: boolean): number {
    let { buf, at } = this;
    let i = from;
    for (; i < to && at < this.most; i++) {
      if (at + MOST_BYTES > buf.length) { const b = new Uint8Array(buf.length * 2); b.set(buf); this.buf = buf = b; }
      const n = delta ? (values[i] - (i > 0 ? values[i - 1] : 0)) | 0 : values[i];
      let v = ((n << 1) ^ (n >> 31)) >>> 0;
      while (v >= 0x80) { buf[at++] = (v & 0x7f) | 0x80; v >>>= 7; }
      buf[at++] = v;
    }
    this.at = at;
    return i;
  }

  /** True once the piece holds `most` bytes. */
  get full(): boolean { return this.at >= this.most; }

  /** The piece so far (a copy); the writer starts a new one. */
  take(): Uint8Array {
    const piece = this.buf.slice(0, this.at);
    this.at = 0;
    return piece;
  }
}

/** Reads VarintWriter output back from `bytes` at `at`. Throws TypeError on a varint cut short or too long. */
export class VarintReader {
  constructor(private readonly bytes: Uint8Array, public at: number) {}

  /** The next `n` values (undone differences when `delta`). */
  read(n: number, delta: boolean): Int32Array {
    const { bytes } = this, out = new Int32Array(n), end = bytes.length;
    let at = this.at, prev = 0;
    for (let i = 0; i < n; i++) {
      let v = 0, shift = 0, b: number;
      do {
        if (at >= end) throw new TypeError('varints cut short');
        if (shift > 28) throw new TypeError('a varint longer than 32 bits');
        b = bytes[at++];
        v |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      const n = (v >>> 1) ^ -(v & 1);
      prev = delta ? (prev + n) | 0 : n;
      out[i] = prev;
    }
    this.at = at;
    return out;
  }
}
