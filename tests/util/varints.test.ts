import { describe, expect, it } from 'vitest';
import { VarintReader, VarintWriter } from '../../src/util/varints';

const EDGES = [0, 1, -1, 63, -64, 64, -65, 8191, 8192, -8193, 2 ** 20, 2 ** 31 - 1, -(2 ** 31), -2];

/** All pieces of writing `values` with pieces of about `most` bytes. */
function pieces(values: Int32Array, most: number, delta: boolean): Uint8Array[] {
  const w = new VarintWriter(most), out: Uint8Array[] = [];
  for (let at = 0; at < values.length;) { at = w.write(values, at, values.length, delta); if (w.full) out.push(w.take()); }
  const last = w.take();
  if (last.length) out.push(last);
  return out;
}
const joined = (ps: Uint8Array[]) => { const out = new Uint8Array(ps.reduce((s, p) => s + p.length, 0)); let at = 0; for (const p of ps) { out.set(p, at); at += p.length; } return out; };

describe('varints', () => {
  it.each([false, true])('round-trip every Int32 edge value, in pieces of any size, never a value cut in two (delta %s)', (delta) => {
    const values = Int32Array.from([...EDGES, ...[...EDGES].reverse(), ...Array.from({ length: 500 }, (_, i) => (i * 7919) % 3000 - 100)]);
    for (const most of [1, 3, 16, 1000, Infinity]) {
      const ps = pieces(values, most, delta);
      // each piece is whole values: reading the pieces one by one gives the same values
      let i = 0;
      for (const p of ps) {
        const r = new VarintReader(p, 0);
        while (r.at < p.length) { const [v] = r.read(1, false); expect(v).toBe(delta ? (values[i] - (i ? values[i - 1] : 0)) | 0 : values[i]); i++; }
        if (most !== Infinity) expect(p.length).toBeLessThan(most + 5);
      }
      expect(i).toBe(values.length);
      expect([...new VarintReader(joined(ps), 0).read(values.length, delta)]).toEqual([...values]);
    }
  });

  it('with no piece size, write everything in one piece however long (a 4 MB one here)', () => {
    const values = Int32Array.from({ length: 1_000_000 }, (_, i) => (i * 2654435761) | 0);
    const w = new VarintWriter(Infinity);
    expect(w.write(values, 0, values.length, false)).toBe(values.length);
    expect(w.full).toBe(false);
    const piece = w.take();
    expect(piece.length).toBeGreaterThan(4_000_000);
    expect(new VarintReader(piece, 0).read(values.length, false)).toEqual(values);
  });

  it('take small values in few bytes', () => {
    expect(joined(pieces(Int32Array.from([0, 1, -1, 63, -64]), Infinity, false)).length).toBe(5);
    expect(joined(pieces(Int32Array.from([64, 8191]), Infinity, false)).length).toBe(4);
    expect(joined(pieces(Int32Array.from([2 ** 31 - 1]), Infinity, false)).length).toBe(5);
  });

  it.each([
    ['cut short', Uint8Array.from([0x80, 0x80])],
    ['longer than 32 bits', Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])],
  ])('refuse a varint %s with a TypeError', (_, bytes) => {
    expect(() => new VarintReader(bytes, 0).read(1, false)).toThrow(TypeError);
  });
});
