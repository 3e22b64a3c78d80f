// jsdom's File cannot be read; Node's can, and has the same shape.
// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { File } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type FieldbookDb } from '../../../src/renderer/src/lib/data/db';
import { sourcesRepository } from '../../../src/renderer/src/lib/data/sources';
import { importFiles, MAX_FILE_BYTES } from '../../../src/renderer/src/lib/import/import-files';

const fixtures = join(__dirname, '../../../../shared/fixtures/articles');
const fixtureFile = (name: string) =>
  new File([readFileSync(join(fixtures, name))], name, { type: 'text/plain' });

let db: FieldbookDb;
beforeEach(() => {
  db = openDatabase(`import-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('importFiles', () => {
  it('imports the three fixture articles with their titles and dates', async () => {
    const files = [
      'mali-2021-12-bus-attack-mopti.txt',
      'mali-2022-03-security-deteriorating.txt',
      'mali-terrorist-cells-defenceweb.txt',
    ].map(fixtureFile);
    const report = await importFiles(files, sourcesRepository(db));
    expect(report.failures).toEqual([]);
    expect(report.imported).toHaveLength(3);
    const stored = await db.sources.toArray();
    const bus = stored.find((s) => s.origin.kind === 'file' && s.origin.name.startsWith('mali-2021'));
    expect(bus?.publishedAt).toBe('2021-12-08');
    expect(bus?.origin).toMatchObject({ kind: 'file', format: 'text' });
  });

  it('reports each failing file with its reason and imports the rest', async () => {
    const files = [
      new File(['%PDF-1.7'], 'scan.pdf'),
      new File(['   '], 'empty.txt'),
      new File(['# Note\n\nBody'], 'note.md'),
    ];
    const report = await importFiles(files, sourcesRepository(db));
    expect(report.failures).toEqual([
      { name: 'scan.pdf', reason: 'import.error.unsupported' },
      { name: 'empty.txt', reason: 'import.error.empty' },
    ]);
    expect(report.imported.map((i) => i.title)).toEqual(['Note']);
    const [md] = await db.sources.toArray();
    expect(md?.html).toContain('<h1>Note</h1>');
  });

  it('refuses a file over the size limit without reading it', async () => {
    const big = new File(['x'], 'huge.txt');
    Object.defineProperty(big, 'size', { value: MAX_FILE_BYTES + 1 });
    const report = await importFiles([big], sourcesRepository(db));
    expect(report.failures[0]).toMatchObject({ name: 'huge.txt', reason: 'import.error.tooLarge' });
  });

  it('stops when cancelled and keeps what was already saved', async () => {
    const controller = new AbortController();
    const files = ['a', 'b', 'c'].map((n) => new File([`Text ${n}`], `${n}.txt`));
    const progress: number[] = [];
    const report = await importFiles(files, sourcesRepository(db), {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.done);
        if (p.done === 1) controller.abort();
      },
    });
    expect(report.cancelled).toBe(true);
    expect(report.imported.map((i) => i.name)).toEqual(['a.txt']);
    expect(await db.sources.count()).toBe(1);
    expect(progress[0]).toBe(0);
  });
});
