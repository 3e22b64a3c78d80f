/** Messages between the app and the extraction worker. */
import type { ExtractedFile } from '../../../../core/import/extract';

export interface ExtractRequest {
  id: number;
  path: string;
  /** The file's bytes, or the file itself, read in the worker (off the window's thread). */
  bytes: Uint8Array | Blob;
  maxFileBytes: number;
}

export type ExtractReply = { id: number; files: ExtractedFile[] } | { id: number; error: string };

/** The bytes of what a request carries: as given, or read from the file given. */
export const bytesOf = async (given: Uint8Array | Blob): Promise<Uint8Array> =>
  ArrayBuffer.isView(given) ? given : new Uint8Array(await given.arrayBuffer());
