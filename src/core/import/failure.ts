/**
 * Why a file could not be imported, as a code the interface turns into plain words
 * (`import.error.<code>`), with the detail or limit that makes the message precise.
 */
import type { ExtractedFile } from './extract';

export type ImportFailureCode =
  | 'unsupported'
  | 'tooLarge'
  | 'empty'
  | 'unreadable'
  | 'notSaved'
  | 'binary'
  | 'notPdf'
  | 'encryptedPdf'
  | 'damagedPdf'
  | 'notDocx'
  | 'damagedDocx'
  | 'damagedZip'
  | 'zipTooManyEntries'
  | 'zipTooLarge'
  | 'zipBomb'
  | 'nestedZip'
  | 'noCitations'
  | 'tooComplex'
  | 'tooDeep'
  | 'timeout'
  | 'cancelled';

export interface ImportFailure {
  code: ImportFailureCode;
  /** A technical detail (the parser's own words), shown after the plain reason. */
  detail?: string;
  /** The limit that was crossed, already formatted ("200 MB"). */
  limit?: string;
  /** The same limit in bytes, when it is a size: shown in the reader's language ("200 Mo"). */
  limitBytes?: number;
}

/**
 * A file that yields no document, only the reason why (its bytes are not kept). Here rather
 * than beside the parsers, so that the UI thread can use it without loading them.
 */
export function failedFile(path: string, failure: ImportFailure): ExtractedFile {
  return { path, bytes: new Uint8Array(), sha256: '', type: '', docs: failure };
}

/** Bytes as a reader says them, in the reader's language: 1 kB, 3.2 MB; « 3,2 Mo », « 200 Go ». */
export function formatBytes(bytes: number, locale = 'en'): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  // Intl writes each language's units and decimal mark: "1.5 MB", « 1,5 Mo », « 512 octets ».
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: digits,
  }).format(Number(value.toFixed(digits)));
}
