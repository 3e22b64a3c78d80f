/**
 * Bytes to text, whatever the encoding: a byte-order mark decides first, then a charset the
 * file declares (an HTML `<meta>`, an XML declaration), then whether the bytes are valid UTF-8,
 * then statistical detection (chardet). Bytes that are invalid in the chosen encoding become
 * U+FFFD; decoding never throws.
 */
import { detect } from 'chardet';

export interface DecodedText {
  text: string;
  /** The WHATWG name of the encoding used (`utf-8`, `windows-1252`, `utf-16le`, …). */
  encoding: string;
  /** How the encoding was chosen. */
  basis: 'bom' | 'declared' | 'utf-8' | 'detected' | 'default';
}

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** The encoding's WHATWG name, or undefined when no decoder knows the label. */
function supported(label: string): string | undefined {
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return undefined;
  }
}

/** A charset declared in the first kilobytes: `<meta charset>`, `http-equiv` content, XML. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII in every encoding that can declare itself this way.
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 4096));
  const match =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ??
    /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return match?.[1] ? supported(match[1]) : undefined;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodeWith(bytes: Uint8Array, encoding: string, basis: DecodedText['basis']): DecodedText {
  // ignoreBOM keeps the mark in the output; it is removed here so that no encoding leaves it.
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes).replace(/^\uFEFF/, '');
  return { text, encoding, basis };
}

export function decodeText(bytes: Uint8Array): DecodedText {
  for (const [mark, encoding] of BOMS)
    if (mark.every((b, i) => bytes[i] === b)) return decodeWith(bytes, encoding, 'bom');
  const declared = declaredCharset(bytes);
  // A page that declares UTF-16 without a BOM is almost always mislabelled ASCII-compatible text.
  if (declared && !declared.startsWith('utf-16')) return decodeWith(bytes, declared, 'declared');
  if (isUtf8(bytes)) return decodeWith(bytes, 'utf-8', 'utf-8');
  const guess = detect(bytes);
  const detected = guess ? supported(guess) : undefined;
  if (detected) return decodeWith(bytes, detected, 'detected');
  return decodeWith(bytes, 'windows-1252', 'default');
}

/**
 * True when the bytes look like binary data rather than text in an 8-bit or UTF-8 encoding:
 * more than 1% NUL bytes (and more than two), or more than 10% other control bytes, in the first
 * 8 KB. A stray NUL
 * in a text file does not make it binary; it is removed with the other unsafe controls.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (BOMS.some(([mark]) => mark.every((b, i) => bytes[i] === b))) return false;
  const sample = bytes.subarray(0, 8192);
  let nuls = 0;
  let controls = 0;
  for (const b of sample) {
    if (b === 0) nuls++;
    else if (b < 9 || (b > 13 && b < 32)) controls++;
  }
  return sample.length > 0 && (nuls > Math.max(2, sample.length / 100) || controls / sample.length > 0.1);
}
