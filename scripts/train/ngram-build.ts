import type { NgramData } from '../../src/model/ngram';
import { BOS } from '../../src/text/vocab';

/** Weighted n-gram counts of token-id paragraphs (each starting with <s>). */
export interface NgramCounts { V: number; bi: Map<number, number>; tri: Map<number, number> }

export function countNgrams(V: number, sources: { ids: Int32Array[]; weight: number }[]): NgramCounts {
  const bi = new Map<number, number>(), tri = new Map<number, number>();
  for (const { ids, weight } of sources) {
    const w = Math.max(1, Math.round(weight));
    for (const doc of ids) {
      let u = BOS, v = BOS; // doc[0] is <s>: the first word's context is (<s>, <s>)
      for (let i = 1; i < doc.length; i++) {
        const t = doc[i], kb = v * V + t, kt = (u * V + v) * V + t;
        bi.set(kb, (bi.get(kb) ?? 0) + w);
        tri.set(kt, (tri.get(kt) ?? 0) + w);
        u = v; v = t;
      }
    }
  }
  return { V, bi, tri };
}

/** Builds the tables keeping bigrams seen ≥ minBi times and trigrams seen ≥ minTri times. */
export function buildNgram(c: NgramCounts, minBi: number, minTri: number, D = 0.75): NgramData {
  const { V } = c;
  const cont = new Float64Array(V).fill(0.5);
  const biTotal = new Uint32Array(V);
  const biRows: [number, number][][] = Array.from({ length: V }, () => []);
  for (const [k, n] of c.bi) {
    const v = Math.floor(k / V), w = k % V;
    cont[w] += 1; biTotal[v] += n;
    if (n >= minBi) biRows[v].push([w, Math.min(n, 65535)]);
  }
  let contSum = 0;
  for (const x of cont) contSum += x;
  const triCtx = new Map<number, { total: number; rows: [number, number][] }>();
  for (const [k, n] of c.tri) {
    const ctx = Math.floor(k / V), w = k % V;
    let e = triCtx.get(ctx);
    if (!e) triCtx.set(ctx, (e = { total: 0, rows: [] }));
    e.total += n;
    if (n >= minTri) e.rows.push([w, Math.min(n, 65535)]);
  }
  const biOffsets = new Uint32Array(V + 1), biNext: number[] = [], biCount: number[] = [];
  for (let v = 0; v < V; v++) {
    biRows[v].sort((a, b) => a[0] - b[0]);
    for (const [w, n] of biRows[v]) { biNext.push(w); biCount.push(n); }
    biOffsets[v + 1] = biNext.length;
  }
  const keys = [...triCtx.keys()].filter((k) => triCtx.get(k)!.rows.length > 0).sort((a, b) => a - b);
  const triOffsets = new Uint32Array(keys.length + 1), triNext: number[] = [], triCount: number[] = [];
  const triTotal = new Uint32Array(keys.length);
  keys.forEach((k, i) => {
    const e = triCtx.get(k)!;
    e.rows.sort((a, b) => a[0] - b[0]);
    for (const [w, n] of e.rows) { triNext.push(w); triCount.push(n); }
    triOffsets[i + 1] = triNext.length;
    triTotal[i] = e.total;
  });
  return {
    V, D, uni: Float32Array.from(cont, (x) => x / contSum),
    biOffsets, biNext: Uint16Array.from(biNext), biCount: Uint16Array.from(biCount), biTotal,
    triKeys: Uint32Array.from(keys), triOffsets, triNext: Uint16Array.from(triNext), triCount: Uint16Array.from(triCount), triTotal,
  };
}
