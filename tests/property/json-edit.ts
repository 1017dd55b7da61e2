/**
 * Replaces the value at a path of a JSON value with `value`: each number of `choices` picks a
 * key or an index (modulo the count) one level deeper; the path ends early at a leaf.
 */
export function replaceAt(root: unknown, choices: readonly number[], value: unknown): unknown {
  if (choices.length === 0 || typeof root !== 'object' || root === null) return value;
  const [first, ...rest] = choices;
  if (Array.isArray(root)) {
    if (root.length === 0) return value;
    const copy = root.slice();
    const i = first! % root.length;
    copy[i] = replaceAt(root[i], rest, value);
    return copy;
  }
  const keys = Object.keys(root);
  if (keys.length === 0) return value;
  const key = keys[first! % keys.length]!;
  return { ...root, [key]: replaceAt((root as Record<string, unknown>)[key], rest, value) };
}
