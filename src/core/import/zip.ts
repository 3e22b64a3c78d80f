/**
 * The files inside a .zip, read with limits against hostile archives: at most so many entries,
 * so many bytes in all, and no entry that expands more than `maxRatio` times (a zip bomb).
 * Sizes are counted as the bytes actually come out of the decompressor, so an archive that
 * lies about them in its headers is stopped all the same. Folders, macOS resource forks and
 * hidden files are skipped; a zip inside the zip is listed but not opened.
 */
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import { formatBytes, type ImportFailure } from './failure';

export interface ZipLimits {
  maxEntries: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: number;
  /** Largest allowed expansion of an entry over 1 MB (uncompressed / compressed). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxEntryBytes: 200 * 1024 * 1024,
  maxRatio: 100,
};

export interface ZipEntry {
  /** The entry's path inside the archive, with forward slashes. */
  path: string;
  bytes: Uint8Array;
}

export interface ZipContents {
  entries: ZipEntry[];
  /** Entries that were not extracted, with the reason (too large, a nested zip). */
  refused: { path: string; failure: ImportFailure }[];
}

const RATIO_FLOOR = 1024 * 1024;

function skipped(path: string): boolean {
  return (
    path.endsWith('/') || path.startsWith('__MACOSX/') || path.split('/').some((part) => part.startsWith('.'))
  );
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/** The end-of-central-directory record (PK\x05\x06) in the archive's last 64 KB. */
function hasDirectory(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--)
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06)
      return true;
  return false;
}

export function unzipSafely(
  bytes: Uint8Array,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): ZipContents | ImportFailure {
  if (!hasDirectory(bytes)) return { code: 'damagedZip', detail: 'the end of the archive is missing' };
  const contents: ZipContents = { entries: [], refused: [] };
  let total = 0;
  let entries = 0;
  let failure: ImportFailure | undefined;
  const unzip = new Unzip((file) => {
    if (failure || skipped(file.name)) return;
    entries++;
    if (entries > limits.maxEntries) {
      failure = { code: 'zipTooManyEntries', limit: String(limits.maxEntries) };
      return;
    }
    if (/\.zip$/i.test(file.name)) {
      contents.refused.push({ path: file.name, failure: { code: 'nestedZip' } });
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const compressed = file.size ?? 0;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = { code: 'damagedZip', detail: `${file.name}: ${error.message}` };
        return;
      }
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (total > limits.maxTotalBytes) {
        failure = {
          code: 'zipTooLarge',
          limit: formatBytes(limits.maxTotalBytes),
          limitBytes: limits.maxTotalBytes,
        };
        file.terminate();
        return;
      }
      if (size > RATIO_FLOOR && size > compressed * limits.maxRatio) {
        failure = { code: 'zipBomb', detail: file.name, limit: String(limits.maxRatio) };
        file.terminate();
        return;
      }
      if (size > limits.maxEntryBytes) {
        contents.refused.push({
          path: file.name,
          failure: {
            code: 'tooLarge',
            limit: formatBytes(limits.maxEntryBytes),
            limitBytes: limits.maxEntryBytes,
          },
        });
        chunks.length = 0;
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) contents.entries.push({ path: file.name, bytes: concat(chunks, size) });
    };
    try {
      file.start();
    } catch (error) {
      contents.refused.push({
        path: file.name,
        failure: { code: 'damagedZip', detail: error instanceof Error ? error.message : String(error) },
      });
    }
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    unzip.push(bytes, true);
  } catch (error) {
    return { code: 'damagedZip', detail: error instanceof Error ? error.message : String(error) };
  }
  if (failure) return failure;
  if (entries === 0 && contents.refused.length === 0) return { code: 'empty' };
  return contents;
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
