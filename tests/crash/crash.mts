/**
 * Crash test: Chromium killed (SIGKILL) at random moments while it imports 1,000 documents,
 * then started again on the same profile, over and over. After each restart it checks that
 * every record that was committed before the kill is still there (after a one-click restore
 * when the app finds its database wiped), and that no source lost its original. Prints the
 * figures; exits 1 on any loss that no snapshot explains, or on any orphan.
 *
 * Chromium rarely wipes a database by itself (twice in 67 kills once, never in 100 here), so
 * every `--wipe-every`th kill is followed by a wipe as Chromium does it: the origin's
 * IndexedDB files deleted. Each must be detected at the next start and restored from the
 * snapshots; what is lost then is what was committed after the last journal write. What the
 * app itself said was imported (its "N imported" count) must never be lost, wipe or not: it
 * counts a file only once the journal outside the database holds it.
 *
 * With `--base=N` the archive first holds N other documents, imported to the end without a
 * kill and snapshotted, so that the kills land on an archive of that size.
 *
 *   npm run test:crash -- --cycles=100 --wipe-every=10
 *   npm run test:crash -- --base=20000 --cycles=40 --seed=7
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { corpus, mulberry32 } from '../../bench/corpus';
import { serveWebApp } from '../../bench/web-app.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import { arg } from '../../bench/cli';

const CYCLES = arg('cycles', 100);
const DOCS = arg('docs', 1000);
const PORT = arg('port', 5191);
const WIPE_EVERY = arg('wipe-every', 10);
const BASE = arg('base', 0);
const random = mulberry32(arg('seed', 42));

const scratch = mkdtempSync(join(tmpdir(), 'fieldbook-crash-'));
const folder = join(scratch, 'reports');
const baseFolder = join(scratch, 'archive');
const profile = join(scratch, 'profile');

interface State {
  titles: string[];
  orphans: number;
}

/** What is committed in the page's database, read through a connection of its own. */
function readState(page: Page): Promise<State> {
  return page.evaluate(
    () =>
      new Promise<State>((resolve, reject) => {
        const open = indexedDB.open('fieldbook');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('sources')) {
            db.close();
            resolve({ titles: [], orphans: 0 });
            return;
          }
          const tx = db.transaction(['sources', 'originals']);
          const sources = tx.objectStore('sources').getAll();
          const originals = tx.objectStore('originals').getAllKeys();
          tx.oncomplete = () => {
            const have = new Set(originals.result as string[]);
            const rows = sources.result as { title: string; origin: { sha256?: string } }[];
            db.close();
            resolve({
              titles: rows.map((r) => r.title),
              orphans: rows.filter((r) => r.origin.sha256 && !have.has(r.origin.sha256)).length,
            });
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
  );
}

function killChromium(): void {
  try {
    execFileSync('pkill', ['-9', '-f', `user-data-dir=${profile}`]);
  } catch {
    // Nothing left to kill.
  }
}

/** Deletes the profile's IndexedDB files, as Chromium does with a database it finds corrupt. */
function wipeIndexedDb(): void {
  const dir = join(profile, 'Default', 'IndexedDB');
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function open(url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.locator('html[data-ready="true"], .fatal').first().waitFor({ timeout: 60_000 });
  return { context, page };
}

async function main() {
  console.log(
    `Crash test: ${CYCLES} kills during an import of ${DOCS} documents${BASE ? ` into an archive of ${BASE.toLocaleString('en')}` : ''}.`,
  );
  const server = await serveWebApp(PORT);
  const { url } = server;
  mkdirSync(folder);
  corpus({ count: DOCS, seed: 11 }).forEach((doc, i) =>
    writeFileSync(join(folder, `report-${i}.txt`), `${doc.title ?? `Report ${i}`} #${i}\n\n${doc.text}`),
  );

  const figures = {
    kills: 0,
    simulatedWipes: 0,
    wipes: 0,
    restored: 0,
    lost: 0,
    lostInWipes: 0,
    acknowledgedLost: 0,
    orphans: 0,
    fatal: 0,
    falseAlarms: 0,
  };
  let wipedBeforeStart = false;
  let acknowledged: string[] = [];
  /** Sources the app had said were in (those there at the cycle's start, and "N imported" since). */
  let said = 0;
  /** The titles in the archive when the last cycle began. */
  let previousStart = new Set<string>();
  try {
    if (BASE > 0) {
      // The archive the kills land on: other documents, imported whole, then snapshotted.
      mkdirSync(baseFolder);
      corpus({ count: BASE, seed: 29 }).forEach((doc, i) =>
        writeFileSync(
          join(baseFolder, `archive-${i}.txt`),
          `${doc.title ?? `Archive ${i}`} ~${i}\n\n${doc.text}`,
        ),
      );
      const { context, page } = await open(url);
      await page.getByRole('navigation').getByRole('button', { name: 'Sources', exact: true }).click();
      const started = Date.now();
      await page.getByLabel('Import folder').setInputFiles(baseFolder);
      const n = BASE.toLocaleString('en');
      await page.getByText(`Imported ${n} of ${n} files`).waitFor({ timeout: 60 * 60_000 });
      // The snapshot that holds all of them follows a few seconds after the last change.
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await page
        .getByRole('list', { name: 'Saved snapshots' })
        .getByText(`: ${n} sources,`)
        .first()
        .waitFor({ timeout: 10 * 60_000 });
      said = (await readState(page)).titles.length;
      acknowledged = (await readState(page)).titles;
      await context.close();
      console.log(
        `  archive of ${said} documents imported in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    }
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const { page } = await open(url);
      if (await page.locator('.fatal').count()) {
        figures.fatal++;
        console.log(
          `  cycle ${cycle}: the archive could not be opened: ${await page.locator('.fatal').innerText()}`,
        );
        killChromium();
        continue;
      }
      const wiped = page.getByRole('alert').filter({ hasText: /Your archive (is empty|holds fewer)/ });
      let restoredNow = false;
      if (wipedBeforeStart) await wiped.waitFor({ timeout: 10_000 }).catch(() => undefined);
      if (await wiped.isVisible()) {
        figures.wipes++;
        if (!wipedBeforeStart) {
          figures.falseAlarms++;
          console.log(`  cycle ${cycle}: no wipe was made, yet the app said: ${await wiped.innerText()}`);
        }
        // The app reloads itself a second after the restore: wait for that page, not this one.
        const reloaded = page.waitForEvent('load', { timeout: 120_000 });
        await wiped.getByRole('button', { name: 'Restore from snapshot' }).click();
        await page.getByText('Snapshot restored').waitFor({ timeout: 60_000 });
        await reloaded;
        await page.locator('html[data-ready="true"]').waitFor({ timeout: 60_000 });
        figures.restored++;
        restoredNow = true;
      }
      if (wipedBeforeStart && !restoredNow) {
        const said = await page.getByRole('alert').allInnerTexts();
        console.log(`  cycle ${cycle}: a wipe went undetected; the app said: ${JSON.stringify(said)}`);
        const files = await page.evaluate(async () => {
          const root = await navigator.storage.getDirectory();
          const dir = await root.getDirectoryHandle('snapshots', { create: true });
          const names: string[] = [];
          for await (const name of dir.keys()) names.push(name);
          return names;
        });
        console.log(
          `  the snapshot folder holds: ${files.length} files: ${files.filter((n) => !n.startsWith('original-')).join(', ')}`,
        );
      }
      wipedBeforeStart = false;
      const state = await readState(page);
      const present = new Set(state.titles);
      const lost = acknowledged.filter((t) => !present.has(t));
      if (lost.length && restoredNow) {
        const before = lost.filter((t) => previousStart.has(t)).length;
        console.log(
          `    of them, ${before} were in the archive when the cycle before began, ${lost.length - before} came in during it: ${lost.slice(0, 5).join(' | ')}`,
        );
      }
      if (lost.length) {
        if (restoredNow) figures.lostInWipes += lost.length;
        else figures.lost += lost.length;
        console.log(
          `  cycle ${cycle}: ${lost.length} committed records missing${restoredNow ? ' after a restore' : ''}`,
        );
      }
      figures.orphans += state.orphans;
      const saidLost = Math.max(0, said - present.size);
      if (saidLost) {
        figures.acknowledgedLost += saidLost;
        console.log(`  cycle ${cycle}: ${saidLost} records the app had said were imported are missing`);
      }
      const atStart = present.size;
      previousStart = present;

      // Import the whole folder again (what is already in is skipped) and kill at a random moment.
      await page.getByRole('navigation').getByRole('button', { name: 'Sources', exact: true }).click();
      await page.getByLabel('Import folder').setInputFiles(folder);
      await sleep(300 + random() * 3000);
      acknowledged = (await readState(page).catch(() => ({ titles: acknowledged, orphans: 0 }))).titles;
      await sleep(random() * 400);
      // What the app says was imported, read as the kill comes.
      const counts = await page
        .getByText(/[\d,]+ imported · /)
        .innerText({ timeout: 200 })
        .catch(() => '');
      said = atStart + Number(/([\d,]+) imported/.exec(counts)?.[1]?.replace(/,/g, '') ?? 0);
      killChromium();
      figures.kills++;
      if (cycle % WIPE_EVERY === 0 && cycle < CYCLES && acknowledged.length > 0) {
        await sleep(500);
        wipeIndexedDb();
        figures.simulatedWipes++;
        wipedBeforeStart = true;
      }
      if (cycle % 10 === 0) console.log(`  ${cycle} cycles: ${acknowledged.length} records committed so far`);
    }

    // Finally, let one import run to the end.
    const { context, page } = await open(url);
    await page.getByRole('navigation').getByRole('button', { name: 'Sources', exact: true }).click();
    await page.getByLabel('Import folder').setInputFiles(folder);
    await page.getByText(/Imported [\d,]+ of [\d,]+ files/).waitFor({ timeout: 10 * 60_000 });
    const end = await readState(page);
    await context.close();
    console.log(`\n| figure | value |\n|---|---|`);
    console.log(`| kills during the import | ${figures.kills} |`);
    console.log(`| committed records lost (no wipe) | ${figures.lost} |`);
    console.log(`| whole-database wipes made after a kill | ${figures.simulatedWipes} |`);
    console.log(`| whole-database wipes detected | ${figures.wipes} |`);
    console.log(`| wipes restored from a snapshot | ${figures.restored} |`);
    console.log(`| records committed after the last snapshot, lost in wipes | ${figures.lostInWipes} |`);
    console.log(`| records the app had said were imported, lost | ${figures.acknowledgedLost} |`);
    console.log(`| sources without their original (orphans) | ${figures.orphans + end.orphans} |`);
    console.log(`| archive could not be opened | ${figures.fatal} |`);
    console.log(`| restores offered where no wipe was made | ${figures.falseAlarms} |`);
    console.log(`| documents at the end | ${new Set(end.titles).size} of ${DOCS + BASE} |`);
    if (
      figures.lost ||
      figures.acknowledgedLost ||
      figures.orphans ||
      end.orphans ||
      figures.falseAlarms ||
      figures.restored < figures.simulatedWipes ||
      new Set(end.titles).size !== DOCS + BASE
    )
      process.exitCode = 1;
  } finally {
    killChromium();
    await server.close();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
