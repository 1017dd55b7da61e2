/** The bucket of a count among ascending edges: bucket i holds counts in [edges[i−1], edges[i]). */
export function bucketOf(count: number, edges: readonly number[]): number {
  let b = 0;
  while (b < edges.length && count >= edges[b]) b++;
  return b;
}
