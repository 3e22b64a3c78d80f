/** Handlers for the snapshot folder in the user-data folder, outside Chromium's storage. */
import { app } from 'electron';
import { join } from 'node:path';
import { snapshotFolder } from '../snapshot-folder';
import { handle } from './register';

export function registerSnapshotHandlers(): void {
  const folder = snapshotFolder(join(app.getPath('userData'), 'snapshots'));
  handle('snapshots:write', (name, bytes) => folder.write(name, bytes));
  handle('snapshots:read', (name) => folder.read(name));
  handle('snapshots:list', () => folder.list());
  handle('snapshots:remove', (name) => folder.remove(name));
}
