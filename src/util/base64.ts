/** Bytes as base64 text and back (atob/btoa exist in pages, workers and Node alike). */

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In chunks: spreading a whole large array into one call overflows the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Throws SyntaxError (`what` is not base64) on text that is not. */
export function fromBase64(text: string, what = 'text'): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new SyntaxError(`${what} is not base64`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
