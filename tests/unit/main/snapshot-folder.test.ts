import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotFolder } from '../../../src/main/snapshot-folder';

let root: string;
beforeEach(async () => {
  root = join(await mkdtemp(join(tmpdir(), 'fieldbook-snapshots-')), 'snapshots');
});
afterEach(async () => {
  await rm(join(root, '..'), { recursive: true, force: true });
});

describe('snapshotFolder', () => {
  it('writes, lists, reads back and removes files, creating the folder', async () => {
    const folder = snapshotFolder(root);
    expect(await folder.list()).toEqual([]);
    await folder.write('snapshot-2026.fieldbook', new Uint8Array([1, 2, 3]));
    await folder.write('manifest.json', new TextEncoder().encode('{}'));
    expect(await folder.list()).toEqual(['manifest.json', 'snapshot-2026.fieldbook']);
    expect(await folder.read('snapshot-2026.fieldbook')).toEqual(new Uint8Array([1, 2, 3]));
    await folder.remove('snapshot-2026.fieldbook');
    expect(await folder.read('snapshot-2026.fieldbook')).toBeNull();
  });

  it('replaces a file whole and leaves no temporary file behind', async () => {
    const folder = snapshotFolder(root);
    await folder.write('manifest.json', new Uint8Array(1000).fill(1));
    await folder.write('manifest.json', new Uint8Array([7]));
    expect(await folder.read('manifest.json')).toEqual(new Uint8Array([7]));
    expect(await readdir(root)).toEqual(['manifest.json']);
  });

  it('ignores a temporary file left by a crash', async () => {
    const folder = snapshotFolder(root);
    await folder.write('manifest.json', new Uint8Array([1]));
    await writeFile(join(root, 'manifest.json.tmp-123'), 'half');
    expect(await folder.list()).toEqual(['manifest.json']);
  });

  it('refuses names that would leave the folder, and anything but bytes', async () => {
    const folder = snapshotFolder(root);
    for (const name of ['../escape', '/etc/passwd', 'a/b', '..', '', 42])
      await expect(folder.write(name, new Uint8Array([1]))).rejects.toThrow(/Refused snapshot name/);
    await expect(folder.write('ok.json', 'text')).rejects.toThrow(/not bytes/);
    await expect(folder.read('../../etc/passwd')).rejects.toThrow(/Refused/);
  });
});
