/**
 * pdf.js for tests under Node. pdf.js targets Node 22 and calls ES2024's Promise.withResolvers,
 * which Node 20 lacks; the app itself runs pdf.js in Chromium, which has it.
 */
import type { PdfLibrary } from '../../src/core/import/pdf';

type WithResolvers = <T>() => { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void };

export async function loadPdfjs(): Promise<PdfLibrary> {
  const promise = Promise as unknown as { withResolvers?: WithResolvers };
  promise.withResolvers ??= <T>() => {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const p = new Promise<T>((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise: p, resolve, reject };
  };
  return await import('pdfjs-dist/legacy/build/pdf.mjs');
}
