import { beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/core/import/decode';
import { extractFile, type ExtractedDoc, type ExtractOptions } from '../../../src/core/import/extract';
import { textFingerprint } from '../../../src/core/import/hash';
import type { ImportFailure } from '../../../src/core/import/failure';
import { detectLanguage } from '../../../src/core/import/language';
import { unzipSafely } from '../../../src/core/import/zip';
import * as fx from '../../fixtures/import-files';
import { loadPdfjs } from '../pdfjs-node';

let options: ExtractOptions;
beforeAll(async () => {
  options = { pdfjs: await loadPdfjs(), maxFileBytes: 200 * 1024 * 1024 };
});

async function one(path: string, bytes: Uint8Array): Promise<ExtractedDoc[] | ImportFailure> {
  const files = await extractFile(path, bytes, options);
  expect(files).toHaveLength(1);
  return files[0]!.docs;
}

async function docOf(path: string, bytes: Uint8Array): Promise<ExtractedDoc> {
  const docs = await one(path, bytes);
  if (!Array.isArray(docs)) throw new Error(`expected documents, got ${JSON.stringify(docs)}`);
  expect(docs).toHaveLength(1);
  return docs[0]!;
}

const enc = (text: string) => new TextEncoder().encode(text);

describe('PDF', () => {
  it('keeps each page’s text and where each page starts', async () => {
    const doc = await docOf('report.pdf', await fx.pdfWithPages(fx.REPORT_PAGES));
    expect(doc.format).toBe('pdf');
    expect(doc.pageStarts).toHaveLength(3);
    const starts = doc.pageStarts!;
    const page3 = doc.text.slice(starts[2]);
    expect(page3).toContain('An ambush near Boulkessi killed eleven soldiers.');
    expect(doc.text.slice(starts[1], starts[2])).toContain('Displacement continued around Bandiagara.');
    expect(doc.text.indexOf('Boulkessi')).toBeGreaterThan(starts[2]!);
    expect(doc.title).toBe('Situation report: central Mali');
    expect(doc.language).toBe('en');
  });

  it('takes the title from the document’s metadata when it has one', async () => {
    const doc = await docOf('x.pdf', await fx.pdfWithPages(fx.REPORT_PAGES, 'Mopti situation report'));
    expect(doc.title).toBe('Mopti situation report');
  });

  it('flags a PDF without a text layer instead of importing it empty', async () => {
    const doc = await docOf('scan-0042.pdf', await fx.scannedPdf());
    // Nothing to take a title from but the file's name: said to be a guess.
    expect(doc.flags).toEqual(['noTextLayer', 'titleGuessed']);
    expect(doc.text).toBe('');
    expect(doc.title).toBe('scan 0042');
  });

  it('reports an encrypted PDF as such', async () => {
    expect(await one('locked.pdf', fx.encryptedPdf())).toEqual({ code: 'encryptedPdf' });
  });

  it('reports a truncated PDF as damaged', async () => {
    const bytes = await fx.pdfWithPages(fx.REPORT_PAGES);
    expect(await one('cut.pdf', bytes.slice(0, 400))).toMatchObject({ code: 'damagedPdf' });
  });

  it('reads a PDF by its content whatever its name, and refuses a .pdf that is not one', async () => {
    const renamed = await docOf('notes.txt', await fx.pdfWithPages(fx.REPORT_PAGES));
    expect(renamed.format).toBe('pdf');
    expect(await one('fake.pdf', enc('just some words, not a PDF at all'))).toEqual({ code: 'notPdf' });
  });
});

describe('Word', () => {
  it('keeps headings and the table, with the title and author from the document', async () => {
    const doc = await docOf('brief.docx', await fx.docxReport());
    expect(doc.format).toBe('docx');
    expect(doc.html).toContain('<h1>Weekly brief on Ségou</h1>');
    expect(doc.html).toContain('<h2>Incidents</h2>');
    expect(doc.html).toMatch(/<table>.*<td><p>Niono<\/p><\/td><td><p>7<\/p><\/td>/s);
    expect(doc.title).toBe('Weekly brief on Ségou');
    expect(doc.author).toBe('Aminata Traoré');
  });

  it('takes its first heading for a title, before the properties and the file name, and says when it guessed', async () => {
    const headed = await docOf(
      'interview.docx',
      await fx.docxInterview('Interview with the mayor of Bankass'),
    );
    expect(headed.title).toBe('Interview with the mayor of Bankass');
    expect(headed.flags ?? []).not.toContain('titleGuessed');
    const bare = await docOf('interview.docx', await fx.docxInterview());
    expect(bare.title).toBe('interview');
    expect(bare.flags).toContain('titleGuessed');
  });

  it('refuses a .docx that is not a Word file', async () => {
    expect(await one('brief.docx', enc('plain words'))).toEqual({ code: 'notDocx' });
    expect(await one('sheet.docx', fx.zip({ 'xl/workbook.xml': enc('<workbook/>') }))).toEqual({
      code: 'notDocx',
    });
  });
});

describe('web pages', () => {
  it('refuses a page too big or too deep to clean on the UI thread', async () => {
    const big = `<html><body>${'<p>Gao</p>'.repeat(30_001)}</body></html>`;
    expect(await one('big.html', enc(big))).toEqual({ code: 'tooComplex', limit: '60,000' });
    const deep = `<html><body>${'<div>'.repeat(300)}Gao${'</div>'.repeat(300)}</body></html>`;
    expect(await one('deep.html', enc(deep))).toEqual({ code: 'tooDeep', limit: '256' });
    // Paragraphs and list items left open do not count as nesting, as in HTML itself.
    const sloppy = `<html><body><ul>${'<li><p>Gao'.repeat(2_000)}</ul></body></html>`;
    expect(Array.isArray(await one('sloppy.html', enc(sloppy)))).toBe(true);
  });

  it('counts the elements of the page, not the tags inside its scripts, styles and comments', async () => {
    // A news page's scripts carry templates full of tags; they are text, not elements.
    const template = `'${'<div class="ad">'.repeat(400)}'`;
    const scripted = `<html><head><script>var t = ${template};</script><style>/* ${'<b>'.repeat(300)} */</style></head><body><!-- ${'<div>'.repeat(300)} --><p>Gao</p><script type="text/template">${'<span>'.repeat(70_000)}</script></body></html>`;
    expect(Array.isArray(await one('scripted.html', enc(scripted)))).toBe(true);
    // Real nesting after a script is still counted.
    const deep = `<html><body><script>var a = '<div>';</script>${'<div>'.repeat(300)}Gao${'</div>'.repeat(300)}</body></html>`;
    expect(await one('deep-after-script.html', enc(deep))).toEqual({ code: 'tooDeep', limit: '256' });
  });

  it('passes an ordinary page on, unsanitized, for the DOM side to clean', async () => {
    const doc = await docOf('page.html', enc(fx.HTML_ARTICLE));
    expect(doc).toMatchObject({ format: 'html', text: '' });
    expect(doc.html).toContain('<article>');
  });
});

describe('text encodings', () => {
  const french =
    'Les forces armées ont été attaquées près de Ségou; déçus, les habitants ont fui vers Ménaka. ' +
    'Le gouvernement a annoncé un deuil national de trois jours après cette attaque meurtrière.';

  it('reads Latin-1 text without mangling accents', async () => {
    const doc = await docOf('rapport.txt', fx.latin1(french));
    expect(doc.text).toBe(french);
    expect(doc.language).toBe('fr');
  });

  it('reads UTF-16 with a byte-order mark', async () => {
    const doc = await docOf('rapport.txt', fx.utf16leWithBom(french));
    expect(doc.text).toBe(french);
    expect(doc.encoding).toBe('utf-16le');
  });

  it('follows the charset an HTML page declares', () => {
    const page = fx.latin1('<html><head><meta charset="iso-8859-1"></head><body>Ségou</body></html>');
    expect(decodeText(page)).toMatchObject({ basis: 'declared', encoding: 'windows-1252' });
    expect(decodeText(page).text).toContain('Ségou');
  });

  it('replaces invalid bytes instead of failing, and strips NUL and bidi controls', async () => {
    const bytes = new Uint8Array([...enc('Gao attack '), 0xff, 0xfe, 0xfd, ...enc(' \u202Ereport')]);
    const doc = await docOf('odd.txt', bytes);
    expect(doc.text).not.toContain('\u202E');
    expect(doc.text).toContain('Gao attack');
  });

  it('keeps a text file with a stray NUL, without the NUL', async () => {
    const bytes = enc(
      'Report from Gao: the market reopened after the attack on Monday.\u0000 Troops searched the area.',
    );
    const doc = await docOf('odd.txt', bytes);
    expect(doc.text).toBe(
      'Report from Gao: the market reopened after the attack on Monday. Troops searched the area.',
    );
  });

  it('refuses binary data named as text', async () => {
    expect(await one('photo.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toEqual({
      code: 'binary',
    });
  });
});

describe('language', () => {
  it('tells English from French and stays silent when it cannot tell', () => {
    const english =
      'Gunmen attacked a checkpoint outside Timbuktu on Monday, killing four soldiers, the army said. ' +
      'The attack was claimed by JNIM, the al-Qaeda affiliate active across central and northern Mali.';
    expect(detectLanguage(english)).toBe('en');
    const french =
      'Des hommes armés ont attaqué un poste près de Tombouctou lundi, tuant quatre soldats, selon l’armée. ' +
      'L’attaque a été revendiquée par le JNIM, affilié à al-Qaïda et actif dans le centre et le nord du Mali.';
    expect(detectLanguage(french)).toBe('fr');
    // One short sentence is too little to tell English from French.
    expect(
      detectLanguage('Gunmen attacked a checkpoint outside Timbuktu on Monday, killing four soldiers.'),
    ).toBe('');
    expect(detectLanguage('Gao, Mali')).toBe('');
  });
});

describe('citations', () => {
  it('makes one source per RIS record, with its metadata', async () => {
    const docs = (await one('reading.ris', enc(fx.RIS))) as ExtractedDoc[];
    expect(docs.map((d) => d.title)).toEqual([
      'Mali: Ménaka under siege',
      'Armed groups and local militias in central Mali',
    ]);
    expect(docs[0]).toMatchObject({
      format: 'citation',
      author: 'Fatoumata Diallo',
      publishedAt: '2022-06-20',
      url: 'https://example.org/menaka-siege',
      tags: ['Ménaka', 'ISGS'],
    });
    expect(docs[0]!.text).toContain('Islamic State Sahel fighters surrounded the town');
    expect(docs[1]).toMatchObject({
      author: 'Oumar Keita; Jane Smith',
      publisher: 'Journal of Sahel Studies',
    });
  });

  it('makes one source per BibTeX entry', async () => {
    const docs = (await one('refs.bib', enc(fx.BIBTEX))) as ExtractedDoc[];
    expect(docs.map((d) => d.title)).toEqual(['The JNIM insurgency after 2020', 'Sahel mid-year update']);
    expect(docs[0]).toMatchObject({
      author: 'Ibrahim Coulibaly; Claire Martin',
      url: 'https://example.org/jnim-2023',
    });
    expect(docs[0]!.text).toContain('(2023)');
  });

  it('reads CSL-JSON, as Zotero exports it', async () => {
    const csl = JSON.stringify([
      {
        id: 'a',
        type: 'report',
        title: 'Violence against civilians in Ségou',
        author: [{ family: 'Sangaré', given: 'Awa' }],
        issued: { 'date-parts': [[2022, 11, 3]] },
        publisher: 'Human Rights Watch',
        URL: 'https://example.org/segou',
      },
    ]);
    const docs = (await one('library.json', enc(csl))) as ExtractedDoc[];
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      title: 'Violence against civilians in Ségou',
      author: 'Awa Sangaré',
      publishedAt: '2022-11-03',
      publisher: 'Human Rights Watch',
      url: 'https://example.org/segou',
    });
  });

  it('reports a citation file with no records', async () => {
    expect(await one('empty.bib', enc('% nothing here\n'))).toMatchObject({ code: 'noCitations' });
  });
});

describe('zip', () => {
  it('imports every file in nested folders, skipping folders and hidden files', async () => {
    const bytes = fx.zip({
      'trip/a.txt': enc('Report on Gao: the market reopened after the attack.'),
      'trip/pdfs/report.pdf': await fx.pdfWithPages(fx.REPORT_PAGES),
      'trip/.DS_Store': enc('junk'),
      '__MACOSX/trip/._a.txt': enc('junk'),
    });
    const files = await extractFile('trip.zip', bytes, options);
    expect(files.map((f) => f.path).sort()).toEqual(['trip.zip/trip/a.txt', 'trip.zip/trip/pdfs/report.pdf']);
    const pdf = files.find((f) => f.path.endsWith('.pdf'))!;
    expect(pdf.type).toBe('application/pdf');
    expect((pdf.docs as ExtractedDoc[])[0]!.pageStarts).toHaveLength(3);
  });

  it('stops a zip bomb before it fills memory', () => {
    const result = unzipSafely(fx.zipBomb(50));
    expect(result).toMatchObject({ code: 'zipBomb' });
  });

  it('refuses an archive with too many entries', () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, enc('x')]));
    expect(
      unzipSafely(fx.zip(files), { maxEntries: 20, maxTotalBytes: 1e9, maxEntryBytes: 1e9, maxRatio: 100 }),
    ).toEqual({ code: 'zipTooManyEntries', limit: '20' });
  });

  it('reports a damaged archive', async () => {
    const bytes = fx.zip({ 'a.txt': enc('Report on Gao: the market reopened after the attack.') });
    const files = await extractFile('broken.zip', bytes.slice(0, 30), options);
    expect(files[0]!.docs).toMatchObject({ code: 'damagedZip' });
  });
});

describe('fingerprints', () => {
  it('gives the same hash to the same text whatever its case, accents or spacing', async () => {
    const a = await textFingerprint('Attack in Ségou:\n\n  eleven  killed on Monday.');
    const b = await textFingerprint('ATTACK IN SEGOU: eleven killed on Monday.');
    expect(a).toBeDefined();
    expect(a).toBe(b);
    expect(await textFingerprint('Attack in Mopti: eleven killed on Monday.')).not.toBe(a);
  });
});
