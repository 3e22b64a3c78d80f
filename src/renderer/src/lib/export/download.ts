/**
 * Handing a file to the user: the browser's download (a save dialog in the desktop app). The
 * object URL lives a minute, long enough for the download to start.
 */
import { isoDay } from '../../../../core/model/fields';

export function saveFile(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file made by the app, saved as `<prefix>-<today>.<extension>`. */
export function saveDatedFile(prefix: string, extension: string, data: Blob): void {
  saveFile(`${prefix}-${isoDay(Date.now())}.${extension}`, data);
}

/** A zip made by the app, saved as `<prefix>-<today>.<extension>`. */
export function saveDatedZip(prefix: string, extension: string, bytes: Uint8Array): void {
  saveDatedFile(prefix, extension, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
}
