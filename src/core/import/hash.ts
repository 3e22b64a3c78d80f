/** SHA-256 of files and of texts, with WebCrypto (browsers, workers and Node alike). */

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // digest() wants a plain ArrayBuffer view; copy when the bytes sit in a shared or larger buffer.
  const view =
    bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', view));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash of a text as a reader compares texts: case, accents and spacing do not count. */
export async function textFingerprint(text: string): Promise<string | undefined> {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  if (folded.length < 20) return undefined;
  return sha256Hex(new TextEncoder().encode(folded));
}
