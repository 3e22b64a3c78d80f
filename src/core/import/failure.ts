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
}

/**
 * A file that yields no document, only the reason why (its bytes are not kept). Here rather
 * than beside the parsers, so that the UI thread can use it without loading them.
 */
export function failedFile(path: string, failure: ImportFailure): ExtractedFile {
  return { path, bytes: new Uint8Array(), sha256: '', type: '', docs: failure };
}

/** Bytes as a reader says them: 1 KB, 3.2 MB, 200 MB. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${Number(value.toFixed(digits))} ${units[unit]}`;
}
