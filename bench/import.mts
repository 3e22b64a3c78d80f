/**
 * Import throughput, measured on the real thing: the web build in Debian's Chromium, files
 * chosen through the "Import folder" control, timed until the report says they are all in.
 * Each round starts on a fresh profile.
 *
 * Batches: 1,000 web pages (~3 KB of article text inside navigation, ads, comments and
 * JSON-LD) and 100 PDFs of 5 pages. The baseline, measured in the same run, is the same
 * articles as plain .txt files through the same pipeline: the ratio is what HTML and PDF
 * parsing cost on top of hashing, storing and indexing. The text and PDF batches run again
 * into an encrypted vault: the ratio is what sealing every record and original costs.
 *
 *   npm run bench:import -- --runs=5 --html=1000 --pdfs=100
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { corpus } from './corpus';
import { serveWebApp } from './web-app.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/chromium';
import { arg, median } from './cli';

const RUNS = arg('runs', 3);
const HTML_COUNT = arg('html', 1000);
const PDF_COUNT = arg('pdfs', 100);
const PORT = arg('port', 5187);

const scratch = mkdtempSync(join(tmpdir(), 'fieldbook-import-bench-'));
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function page(title: string, text: string, day: string): string {
  const paragraphs = text
    .split(/(?<=\.) /)
    .reduce<string[]>((acc, sentence, i) => {
      if (i % 4 === 0) acc.push(sentence);
      else acc[acc.length - 1] += ` ${sentence}`;
      return acc;
    }, [])
    .map((p) => `<p>${escape(p)}</p>`)
    .join('\n');
  const ld = JSON.stringify({ '@type': 'NewsArticle', headline: title, datePublished: day });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} | Sahel Daily</title>
<meta property="og:site_name" content="Sahel Daily"><script type="application/ld+json">${ld}</script></head>
<body><nav>${Array.from({ length: 30 }, (_, i) => `<a href="/s${i}">Section ${i}</a>`).join(' ')}</nav>
<aside class="ad">Advertisement</aside><article><h1>${escape(title)}</h1>${paragraphs}</article>
<section class="comments">${Array.from({ length: 5 }, (_, i) => `<p>Comment ${i}</p>`).join('')}</section>
<footer>© Sahel Daily</footer></body></html>`;
}

async function pdf(title: string, text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const words = text.split(' ');
  for (let p = 0; p < 5; p++) {
    const pageWords = words.slice((p * words.length) / 5, ((p + 1) * words.length) / 5);
    const lines: string[] = [];
    for (let i = 0; i < pageWords.length; i += 12) lines.push(pageWords.slice(i, i + 12).join(' '));
    const pdfPage = doc.addPage([595, 842]);
    lines.forEach((line, i) =>
      pdfPage.drawText(line.replace(/[^\x20-\x7e]/g, '?'), { x: 40, y: 800 - i * 14, font, size: 10 }),
    );
  }
  return doc.save();
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

async function makeBatches() {
  const docs = corpus({ count: HTML_COUNT, seed: 7, frenchShare: 0 });
  const dirs = { html: join(scratch, 'html'), text: join(scratch, 'text'), pdf: join(scratch, 'pdf') };
  for (const dir of Object.values(dirs)) mkdirSync(dir);
  docs.forEach((doc, i) => {
    const title = doc.title ?? `Article ${i}`;
    writeFileSync(join(dirs.html, `a${i}.html`), page(title, doc.text, doc.date ?? '2022-01-01'));
    writeFileSync(join(dirs.text, `a${i}.txt`), `${title}\n\n${doc.text}`);
  });
  for (let i = 0; i < PDF_COUNT; i++) {
    const doc = docs[i % docs.length]!;
    writeFileSync(join(dirs.pdf, `r${i}.pdf`), await pdf(`Report ${i}`, `${doc.text} ${doc.text}`));
  }
  return dirs;
}

async function importOnce(url: string, dir: string, count: number, vault: boolean): Promise<number> {
  const profile = mkdtempSync(join(scratch, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.goto(url);
    await tab.locator('html[data-ready="true"]').waitFor();
    const nav = (name: string) => tab.getByRole('navigation').getByRole('button', { name, exact: true });
    if (vault) {
      await nav('Settings').click();
      const form = tab.getByRole('form', { name: 'Encrypt archive' });
      await form.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
      await form.getByLabel('Confirm passphrase', { exact: true }).fill('correct horse battery staple');
      await form.getByRole('button', { name: 'Create vault' }).click();
      await tab.getByRole('button', { name: 'Lock', exact: true }).waitFor();
    }
    await nav('Sources').click();
    const input = tab.getByLabel('Import folder');
    const start = performance.now();
    await input.setInputFiles(dir);
    await tab
      .getByText(new RegExp(`Imported ${count.toLocaleString('en')} of ${count.toLocaleString('en')} files`))
      .waitFor({ timeout: 30 * 60_000 });
    return performance.now() - start;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`Import benchmark: ${HTML_COUNT} web pages, ${PDF_COUNT} PDFs, ${RUNS} runs each (median).`);
  const server = await serveWebApp(PORT);
  const { url } = server;
  const dirs = await makeBatches();
  const batches = [
    { name: 'text (baseline)', dir: dirs.text, count: HTML_COUNT, vault: false },
    { name: 'web pages', dir: dirs.html, count: HTML_COUNT, vault: false },
    { name: 'PDFs (5 pages)', dir: dirs.pdf, count: PDF_COUNT, vault: false },
    { name: 'text, into a vault', dir: dirs.text, count: HTML_COUNT, vault: true },
    { name: 'PDFs, into a vault', dir: dirs.pdf, count: PDF_COUNT, vault: true },
  ];
  const times = new Map<string, number[]>(batches.map((b) => [b.name, []]));
  try {
    // Rounds interleave the batches so that a noisy moment hits them all alike.
    for (let run = 0; run < RUNS; run++) {
      for (const batch of batches) {
        const ms = await importOnce(url, batch.dir, batch.count, batch.vault);
        times.get(batch.name)!.push(ms);
        console.log(`  run ${run + 1}: ${batch.name} ${(ms / 1000).toFixed(2)} s`);
      }
    }
  } finally {
    await server.close();
  }
  const baseline = median(times.get(batches[0]!.name)!) / batches[0]!.count;
  console.log('\n| batch | files | MB | median | documents/s | MB/s | time per document vs text |');
  console.log('|---|---|---|---|---|---|---|');
  for (const batch of batches) {
    const ms = median(times.get(batch.name)!);
    const mb = folderBytes(batch.dir) / 1024 / 1024;
    const perDoc = ms / batch.count;
    console.log(
      `| ${batch.name} | ${batch.count} | ${mb.toFixed(1)} | ${(ms / 1000).toFixed(2)} s | ${(batch.count / (ms / 1000)).toFixed(0)} | ${(mb / (ms / 1000)).toFixed(2)} | ${(perDoc / baseline).toFixed(2)}× |`,
    );
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
