/**
 * The snapshot folder in a browser: a folder of the Origin Private File System, a storage
 * backend separate from IndexedDB. A file is written under a temporary name and then moved
 * to its own: creating a file makes it exist, empty, before a byte is written, and the crash
 * test found such empty files left by a kill (an unreadable journal; an "original" that would
 * have been taken as stored). A name only ever appears whole.
 */
import { isSnapshotName } from '../../../../core/ipc/contract';
import type { SnapshotFolder } from './types';

const FOLDER = 'snapshots';
const PARTIAL = '.partial';
/** Leftovers of writes cut short are removed once they are this old. */
const STALE_MS = 60 * 60_000;

/** `move` is in Chromium (and the File System spec) but not yet in TypeScript's DOM types. */
type MovableHandle = FileSystemFileHandle & {
  move(directory: FileSystemDirectoryHandle, name: string): Promise<void>;
};

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
    const dir = await folder();
    const temporary = `${checked(name)}${PARTIAL}`;
    const handle = (await dir.getFileHandle(temporary, { create: true })) as MovableHandle;
    const stream = await handle.createWritable();
    try {
      await stream.write(bytes as Uint8Array<ArrayBuffer>);
      await stream.close();
    } catch (error) {
      await stream.abort().catch(() => undefined);
      await dir.removeEntry(temporary).catch(() => undefined);
      throw error;
    }
    // Replaces the file of that name, if any, in one step.
    await handle.move(dir, name);
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
    const dir = await folder();
    const names: string[] = [];
    for await (const name of dir.keys()) {
      if (name.endsWith(PARTIAL) || name.endsWith('.crswap')) {
        // A write in progress may move its file away meanwhile: then there is nothing to clean.
        try {
          const file = await (await dir.getFileHandle(name)).getFile();
          if (Date.now() - file.lastModified > STALE_MS) await dir.removeEntry(name);
        } catch (error) {
          if (!notFound(error)) throw error;
        }
      } else if (isSnapshotName(name)) names.push(name);
    }
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
