// jsdom's File cannot be read; Node's can, and has the same shape.
// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { File } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type FieldbookDb } from '../../../src/renderer/src/lib/data/db';
import { sourcesRepository } from '../../../src/renderer/src/lib/data/sources';
import { trashRepository } from '../../../src/renderer/src/lib/data/trash';
import { StorageFullError } from '../../../src/renderer/src/lib/data/errors';
import { directExtractor } from '../../../src/renderer/src/lib/import/direct-extractor';
import type { Extractor } from '../../../src/renderer/src/lib/import/extractor';
import {
  importFiles,
  reextract,
  type ImportInput,
  type ImportProgress,
} from '../../../src/renderer/src/lib/import/import-files';
import { exportZip } from '../../../src/renderer/src/lib/export/export';
import { unzipSync } from 'fflate';
import * as fx from '../../fixtures/import-files';
import { loadPdfjs } from '../pdfjs-node';
import { ARTICLES, readArticle } from '../../fixtures/articles';

const input = (name: string, bytes: Uint8Array | string): ImportInput => {
  const file = new File([bytes], name);
  return { name, size: file.size, arrayBuffer: () => file.arrayBuffer() };
};
const fixtureFile = (name: string) => input(name, readFileSync(join(ARTICLES, name)));
const MB = 1024 * 1024;

let db: FieldbookDb;
let extractor: Extractor;
beforeAll(async () => {
  extractor = directExtractor({ pdfjs: await loadPdfjs(), maxFileBytes: 200 * MB });
});
beforeEach(() => {
  db = openDatabase(`import-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

const run = (
  inputs: ImportInput[],
  options: Parameters<typeof importFiles>[2] = {},
  maxFileBytes = 200 * MB,
) => importFiles(inputs, { sources: sourcesRepository(db), extractor, maxFileBytes }, options);

describe('importFiles', () => {
  it('counts a file as imported only once the copy outside the database holds it', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const seen: ImportProgress[] = [];
    const importing = importFiles(
      [input('a.txt', 'Attack near Gao on Monday.'), input('b.txt', 'Convoy ambushed near Ménaka.')],
      { sources: sourcesRepository(db), extractor, maxFileBytes: 200 * MB, durable: () => held },
      { onProgress: (p) => seen.push(p) },
    );
    // Saved in the database, but not yet outside it: not counted, and the report waits.
    await expect.poll(() => db.sources.count()).toBe(2);
    expect(seen.every((p) => p.imported === 0)).toBe(true);
    release();
    const report = await importing;
    expect(report.importedFiles).toBe(2);
    expect(report.notProtected).toBeUndefined();
    expect(seen.at(-1)!.imported).toBe(2);
  });

  it('says so when the copy outside the database could not be written, and keeps the files', async () => {
    const report = await importFiles([input('a.txt', 'Attack near Gao on Monday.')], {
      sources: sourcesRepository(db),
      extractor,
      maxFileBytes: 200 * MB,
      durable: () => Promise.reject(new Error('the disk is full')),
    });
    expect(report.importedFiles).toBe(1);
    expect(report.notProtected).toBe('the disk is full');
    expect(await db.sources.count()).toBe(1);
  });

  it('takes the date a page prints when neither the file nor its metadata carries one', async () => {
    const page = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Attaque près de Niono</title></head>
<body><article><h1>Attaque près de Niono</h1><p>Publié le 21 juin 2022 à 18h04</p>
<p>Plus de 20 civils ont été tués dimanche lorsque des combattants ont attaqué le village de Dogofry, près de Niono, dans la région de Ségou, selon un élu local joint par téléphone.</p></article></body></html>`;
    const undated = `<!doctype html><html><head><title>Attack near Gao</title></head><body><article><h1>Attack near Gao</h1>
<p>Gunmen attacked a checkpoint outside Gao on Monday, killing four soldiers, the army said in a statement read on state television.</p></article></body></html>`;
    const report = await run([input('niono.html', page), input('gao.html', undated)]);
    expect(report.failures).toEqual([]);
    const stored = await db.sources.toArray();
    expect(stored.find((s) => s.title === 'Attaque près de Niono')?.publishedAt).toBe('2022-06-21');
    expect(stored.find((s) => s.title === 'Attack near Gao')?.publishedAt).toBeUndefined();
  });

  it('imports the three fixture articles with their titles, dates and language', async () => {
    const files = [
      'mali-2021-12-bus-attack-mopti.txt',
      'mali-2022-03-security-deteriorating.txt',
      'mali-terrorist-cells-defenceweb.txt',
    ].map(fixtureFile);
    const report = await run(files);
    expect(report.failures).toEqual([]);
    expect(report.imported).toHaveLength(3);
    const stored = await db.sources.toArray();
    const bus = stored.find((s) => s.origin.kind === 'file' && s.origin.name.startsWith('mali-2021'));
    expect(bus?.publishedAt).toBe('2021-12-08');
    expect(bus?.language).toBe('en');
    expect(bus?.origin).toMatchObject({ kind: 'file', format: 'text' });
  });

  it('keeps every original byte for byte under its SHA-256', async () => {
    const pdf = await fx.pdfWithPages(fx.REPORT_PAGES);
    await run([input('report.pdf', pdf)]);
    const [source] = await db.sources.toArray();
    expect(source?.origin).toMatchObject({
      kind: 'file',
      format: 'pdf',
      type: 'application/pdf',
      size: pdf.length,
    });
    const sha256 = source?.origin.kind === 'file' ? source.origin.sha256 : undefined;
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    const original = await db.originals.get(sha256!);
    expect(Buffer.from(original!.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(source?.pageStarts).toHaveLength(3);
  });

  it('recognises the same file and the same text imported again, and stores neither twice', async () => {
    const text = readArticle('mali-2021-12-bus-attack-mopti.txt');
    await run([input('bus.txt', text)]);
    const report = await run([
      input('bus-copy.txt', text),
      input('bus-reformatted.txt', text.replace(/\n\n/g, '\n\n\n').toUpperCase()),
    ]);
    expect(report.imported).toEqual([]);
    expect(report.duplicates.map((d) => [d.name, d.reason])).toEqual([
      ['bus-copy.txt', 'import.duplicate.file'],
      ['bus-reformatted.txt', 'import.duplicate.text'],
    ]);
    expect(await db.sources.count()).toBe(1);
    expect(await db.originals.count()).toBe(1);
  });

  it('recognises a duplicate within one batch, before anything is saved', async () => {
    const text = 'Report on Gao: the market reopened after the attack on Monday.';
    const report = await run([input('a.txt', text), input('copy/a.txt', text), input('b.txt', `${text}\n`)]);
    expect(report.imported.map((i) => i.name)).toEqual(['a.txt']);
    expect(report.duplicates.map((d) => [d.name, d.reason])).toEqual([
      ['copy/a.txt', 'import.duplicate.file'],
      ['b.txt', 'import.duplicate.text'],
    ]);
    expect(await db.sources.count()).toBe(1);
  });

  it('reports each failing file with its reason in a mixed batch and imports the rest', async () => {
    const report = await run([
      input('locked.pdf', fx.encryptedPdf()),
      input('brief.docx', 'not a word file'),
      input('empty.txt', '   '),
      input('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47])),
      input('note.md', '# Note\n\nBody of the note about Gao.'),
      input('page.html', fx.HTML_ARTICLE),
      input('brief-real.docx', await fx.docxReport()),
      input('reading.ris', fx.RIS),
    ]);
    expect(report.failures).toEqual([
      { name: 'locked.pdf', reason: 'import.error.encryptedPdf' },
      { name: 'brief.docx', reason: 'import.error.notDocx' },
      { name: 'empty.txt', reason: 'import.error.empty' },
      { name: 'photo.png', reason: 'import.error.unsupported' },
    ]);
    expect(report.importedFiles).toBe(4);
    expect(report.imported.map((i) => i.title)).toEqual([
      'Note',
      'Attack near Timbuktu kills four',
      'Weekly brief on Ségou',
      'Mali: Ménaka under siege',
      'Armed groups and local militias in central Mali',
    ]);
    const sources = await db.sources.toArray();
    const page = sources.find((s) => s.origin.kind === 'file' && s.origin.format === 'html');
    expect(page).toMatchObject({
      author: 'Moussa Cissé',
      publisher: 'Sahel Daily',
      publishedAt: '2023-02-14',
      url: 'https://example.org/timbuktu-attack',
      language: 'en',
    });
    expect(page?.text).toContain('killing four soldiers');
    expect(page?.text).not.toMatch(/Advertisement|First!|Sport/);
    const word = sources.find((s) => s.origin.kind === 'file' && s.origin.format === 'docx');
    expect(word?.html).toContain('<table>');
    expect(word?.text).toContain('Armed men attacked the market in Niono on Tuesday.');
  });

  it('imports a web page saved as MHTML, without its scripts, with the address it came from', async () => {
    const report = await run([input('kidal.mhtml', fx.MHTML)]);
    expect(report.imported.map((i) => i.title)).toEqual(['Water shortage in Kidal']);
    const [source] = await db.sources.toArray();
    expect(source).toMatchObject({ url: 'https://example.org/kidal-water', language: 'en' });
    expect(source?.text).toContain('pumping station was damaged in fighting near Anefis.');
    expect(source?.html).not.toMatch(/script|pwned/);
    expect(source?.origin).toMatchObject({ format: 'html', type: 'multipart/related' });
  });

  it('imports the files of a zip with their folder paths, and refuses a zip bomb', async () => {
    const archive = fx.zip({
      'trip/day1/gao.txt': new TextEncoder().encode(
        'Report on Gao: the market reopened after the attack on Monday.',
      ),
      'trip/day2/report.pdf': await fx.pdfWithPages(fx.REPORT_PAGES),
    });
    const report = await run([input('trip.zip', archive), input('bomb.zip', fx.zipBomb(50))]);
    expect(report.imported.map((i) => i.name)).toEqual([
      'trip.zip/trip/day1/gao.txt',
      'trip.zip/trip/day2/report.pdf',
    ]);
    expect(report.failures).toEqual([
      { name: 'bomb.zip', reason: 'import.error.zipBomb', params: { limit: '100', detail: 'zeros.txt' } },
    ]);
    expect(report.total).toBe(3);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const big: ImportInput = {
      name: 'huge.pdf',
      size: 201 * MB,
      arrayBuffer: () => Promise.reject(new Error('must not be read')),
    };
    const report = await run([big]);
    expect(report.failures).toEqual([
      {
        name: 'huge.pdf',
        reason: 'import.error.tooLarge',
        params: { limit: '200 MB', limitBytes: 200 * MB },
      },
    ]);
  });

  it('stops when cancelled, keeps what was already saved and counts progress', async () => {
    const controller = new AbortController();
    const files = ['a', 'b', 'c'].map((n) =>
      input(`${n}.txt`, `Text ${n}: a report written on the road to Mopti.`),
    );
    const progress: ImportProgress[] = [];
    const report = await run(files, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.done === 1) controller.abort();
      },
    });
    expect(report.cancelled).toBe(true);
    expect(report.imported.map((i) => i.name)).toEqual(['a.txt']);
    expect(await db.sources.count()).toBe(1);
    expect(progress[0]).toMatchObject({ done: 0, total: 3 });
    expect(progress.at(-1)).toMatchObject({ done: 1, imported: 1, failed: 0, duplicates: 0 });
  });

  it('stops at a full disk, says so, and keeps what was saved before byte for byte', async () => {
    const repo = sourcesRepository(db);
    await run([input('first.txt', 'First report: the market in Gao reopened on Monday.')]);
    const before = await db.sources.toArray();
    const full = {
      ...repo,
      createFromFiles: () => Promise.reject(new StorageFullError('storage is full')),
    };
    const report = await importFiles(
      ['a', 'b', 'c'].map((n) => input(`${n}.txt`, `Report ${n}: convoy ambushed on the road to Douentza.`)),
      { sources: full, extractor, maxFileBytes: 200 * MB },
    );
    expect(report.storageFull).toBe(true);
    expect(report.imported).toEqual([]);
    // The three were saved together, in one transaction that the full disk refused.
    expect(report.failures).toEqual(
      ['a.txt', 'b.txt', 'c.txt'].map((name) => ({ name, reason: 'import.error.storageFull' })),
    );
    expect(await db.sources.toArray()).toEqual(before);
    expect(await db.originals.count()).toBe(1);
  });

  it('deletes an original when the last source from it leaves the Trash', async () => {
    await run([input('reading.ris', fx.RIS)]);
    const sources = await db.sources.toArray();
    expect(sources).toHaveLength(2);
    const repo = sourcesRepository(db);
    await repo.trash(sources[0]!.id);
    await trashRepository(db).empty();
    expect(await db.originals.count()).toBe(1);
    await repo.trash(sources[1]!.id);
    await trashRepository(db).empty();
    expect(await db.originals.count()).toBe(0);
  });
});

describe('reextract', () => {
  it('reads the original again and restores the text and pages, keeping the edited title', async () => {
    await run([input('report.pdf', await fx.pdfWithPages(fx.REPORT_PAGES))]);
    const repo = sourcesRepository(db);
    const [imported] = await db.sources.toArray();
    const { pageStarts: _pages, ...rest } = imported!;
    const edited = await repo.update(imported!.id, { ...rest, title: 'My title', text: 'mangled' });
    expect(edited.pageStarts).toBeUndefined();
    const result = await reextract(edited, { sources: repo, extractor });
    expect(result.ok).toBe(true);
    const stored = await db.sources.get(imported!.id);
    expect(stored?.title).toBe('My title');
    expect(stored?.text).toBe(imported!.text);
    expect(stored?.pageStarts).toEqual(imported!.pageStarts);
  });

  it('says so when the file holds several sources', async () => {
    await run([input('reading.ris', fx.RIS)]);
    const [first] = await db.sources.toArray();
    const result = await reextract(first!, { sources: sourcesRepository(db), extractor });
    expect(result).toMatchObject({ ok: false, notice: { reason: 'sources.reextractSeveral' } });
  });
});

describe('export', () => {
  it('exports Markdown with metadata and the originals byte for byte', async () => {
    const pdf = await fx.pdfWithPages(fx.REPORT_PAGES);
    await run([input('report.pdf', pdf), input('note.md', '# Gao\n\nThe market reopened after the attack.')]);
    const sources = await db.sources.toArray();
    const repo = sourcesRepository(db);
    const zip = unzipSync(await exportZip(sources, [], { original: (sha) => repo.original(sha) }));
    expect(Object.keys(zip).sort()).toEqual([
      'gao.md',
      'originals/gao.md',
      'originals/situation-report-central-mali.pdf',
      'situation-report-central-mali.md',
    ]);
    expect(Buffer.from(zip['originals/situation-report-central-mali.pdf']!).equals(Buffer.from(pdf))).toBe(
      true,
    );
    const markdown = new TextDecoder().decode(zip['situation-report-central-mali.md']);
    expect(markdown).toMatch(/^---\ntitle: "Situation report: central Mali"\n/);
    expect(markdown).toContain('<!-- page 3 -->\n\nAn ambush near Boulkessi killed eleven soldiers.');
  });
});
