/** The snapshot folder in memory, its files open to inspection. */
import type { SnapshotFolder } from '../../src/renderer/src/lib/platform/types';

export function memoryFolder(): SnapshotFolder & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    write: (name, bytes) => (files.set(name, bytes.slice()), Promise.resolve()),
    read: (name) => Promise.resolve(files.get(name)?.slice() ?? null),
    list: () => Promise.resolve([...files.keys()].sort()),
    remove: (name) => (files.delete(name), Promise.resolve()),
  };
}
