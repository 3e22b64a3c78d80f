/// <reference lib="webworker" />
/**
 * The extraction worker: PDF, Word, zip, citation and text parsing run here, off the UI
 * thread, so that a pathological file cannot freeze the window; the app ends this worker when
 * a file takes too long. pdf.js parses in a worker of its own, with script evaluation off.
 */
import * as pdfjs from 'pdfjs-dist';
import pdfWorkerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { extractFile } from '../../../../core/import/extract';
import { bytesOf, type ExtractReply, type ExtractRequest } from './protocol';

pdfjs.GlobalWorkerOptions.workerSrc = pdfWorkerUrl;
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<ExtractRequest>) => {
  const { id, path, maxFileBytes } = event.data;
  let reply: ExtractReply;
  try {
    const files = await extractFile(path, await bytesOf(event.data.bytes), { pdfjs, maxFileBytes });
    reply = { id, files };
  } catch (error) {
    reply = { id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const transfer = 'files' in reply ? reply.files.map((f) => f.bytes.buffer as ArrayBuffer) : [];
  scope.postMessage(reply, [...new Set(transfer)]);
};
