/**
 * The snapshot folder on disk, beside the app's data (kept free of electron so it can be
 * tested). A write never leaves a half-written file: the bytes go to a temporary file, which
 * is flushed to disk and then renamed over the name, and the folder itself is flushed so the
 * rename survives a power cut.
 */
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isSnapshotName } from '../core/ipc/contract';

const TEMP = /\.tmp-\d+$/;

function pathOf(root: string, name: unknown): string {
  if (!isSnapshotName(name)) throw new Error(`Refused snapshot name ${JSON.stringify(name)}`);
  return join(root, name);
}

async function syncFolder(root: string): Promise<void> {
  const folder = await open(root, 'r');
  try {
    await folder.sync();
  } catch {
    // Some file systems (and Windows) cannot flush a folder; the rename is still atomic there.
  } finally {
    await folder.close();
  }
}

export function snapshotFolder(root: string) {
  return {
    async write(name: unknown, bytes: unknown): Promise<void> {
      const target = pathOf(root, name);
      if (!(bytes instanceof Uint8Array)) throw new Error('Refused a snapshot that is not bytes');
      await mkdir(root, { recursive: true });
      const temp = `${target}.tmp-${process.pid}`;
      const file = await open(temp, 'w');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, target);
      await syncFolder(root);
    },

    async read(name: unknown): Promise<Uint8Array | null> {
      try {
        return new Uint8Array(await readFile(pathOf(root, name)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },

    async list(): Promise<string[]> {
      try {
        return (await readdir(root)).filter((name) => isSnapshotName(name) && !TEMP.test(name)).sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },

    async remove(name: unknown): Promise<void> {
      await rm(pathOf(root, name), { force: true });
    },
  };
}
