/**
 * The snapshot folder in a browser: a folder of the Origin Private File System, a storage
 * backend separate from IndexedDB. A writable stream writes to a swap file that replaces the
 * file only when closed, so a write is whole or not at all.
 */
import { isSnapshotName } from '../../../../core/ipc/contract';
import type { SnapshotFolder } from './types';

const FOLDER = 'snapshots';

function checked(name: string): string {
  if (!isSnapshotName(name)) throw new Error(`Refused snapshot name ${JSON.stringify(name)}`);
  return name;
}

async function folder(): Promise<FileSystemDirectoryHandle> {
  if (!navigator.storage?.getDirectory)
    throw new Error('this browser has no private file system for snapshots');
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(FOLDER, { create: true });
}

const notFound = (error: unknown) => error instanceof DOMException && error.name === 'NotFoundError';

export const opfsSnapshots: SnapshotFolder = {
  async write(name, bytes) {
    const handle = await (await folder()).getFileHandle(checked(name), { create: true });
    const stream = await handle.createWritable();
    try {
      await stream.write(bytes as Uint8Array<ArrayBuffer>);
      await stream.close();
    } catch (error) {
      await stream.abort().catch(() => undefined);
      throw error;
    }
  },
  async read(name) {
    try {
      const file = await (await (await folder()).getFileHandle(checked(name))).getFile();
      return new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  },
  async list() {
    const names: string[] = [];
    for await (const name of (await folder()).keys()) if (isSnapshotName(name)) names.push(name);
    return names.sort();
  },
  async remove(name) {
    try {
      await (await folder()).removeEntry(checked(name));
    } catch (error) {
      if (!notFound(error)) throw error;
    }
  },
};
