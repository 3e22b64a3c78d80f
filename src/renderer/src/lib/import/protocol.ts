/** Messages between the app and the extraction worker. */
import type { ExtractedFile } from '../../../../core/import/extract';

export interface ExtractRequest {
  id: number;
  path: string;
  bytes: Uint8Array;
  maxFileBytes: number;
}

export type ExtractReply = { id: number; files: ExtractedFile[] } | { id: number; error: string };
