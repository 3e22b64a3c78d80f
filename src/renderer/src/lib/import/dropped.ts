/**
 * The files of a drop, folders included: each dropped folder is walked, and its files keep
 * their path inside it ("trip/reports/a.pdf"). The entries must be taken while the drop event
 * runs; after it, the browser empties the data transfer.
 */
import { inputOf, type ImportInput } from './import-files';

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      // readEntries answers in batches (100 in Chromium) until it answers with none.
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

const fileOf = (entry: FileSystemFileEntry) =>
  new Promise<File>((resolve, reject) => entry.file(resolve, reject));

async function walk(entry: FileSystemEntry, into: ImportInput[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    into.push(inputOf(file, entry.fullPath.replace(/^\/+/, '')));
  } else if (entry.isDirectory) {
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) await walk(child, into);
  }
}

/** Call synchronously from the drop handler; the returned promise may be awaited later. */
export function inputsFromDrop(data: DataTransfer): Promise<ImportInput[]> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const files = Array.from(data.files);
  if (entries.length === 0) return Promise.resolve(files.map((f) => inputOf(f)));
  return (async () => {
    const inputs: ImportInput[] = [];
    for (const entry of entries) await walk(entry, inputs);
    return inputs;
  })();
}
