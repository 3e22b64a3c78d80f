/**
 * The whole app at archive size, measured on the real thing: the web build in Debian's
 * Chromium, one profile that grows batch by batch through the **Import folder** control (the
 * path a researcher takes), each batch timed until the report says it is all in.
 *
 * Prints the growth curve: the import rate of each batch against the archive it went into;
 * then, on the full archive, the everyday figures as medians of `--runs` (3): start-up to a
 * usable window and to a first search hit (reloading the page), opening a source from the
 * list, a note saved until a search shows it, a keystroke until the results are painted (p95
 * over every keystroke of several words typed key by key), a deletion until it leaves the
 * list, and the page's JavaScript heap. The baseline for each is the same figure on the
 * archive after the first batch, measured in the same run. `--vault` first makes the archive
 * a vault. With `--profile=K` the K-th batch (from 1) also runs under Chromium's CPU profiler, and the
 * functions that took the page's main thread longest are printed (self and total time); the
 * build is then left unminified, so the names are the code's own.
 *
 * `--rates-only` prints the growth curve alone. `--trace=K` traces the K-th batch instead and prints how busy each thread of the browser was.
 * `--from=K` with `--keep=DIR` goes on with a profile that holds K batches already (the corpus's
 * next batches are imported).
 *
 * `--keep=DIR` keeps the profile in DIR; `--keep=DIR --batches=0` measures the archive kept there
 * again without importing anything (the everyday figures once, no baseline).
 *
 *   npm run bench:app -- --batch=5000 --batches=10
 *   npm run bench:app -- --batch=800 --batches=4 --profile=4
 *   npm run bench:app -- --keep=/tmp/fb-50k && npm run bench:app -- --keep=/tmp/fb-50k --batches=0
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { corpus } from './corpus';
import { serveWebApp } from './web-app.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/chromium';
import { arg, median, p95 } from './cli';

const BATCH = arg('batch', 5000);
const BATCHES = arg('batches', 10);
const PROFILE = arg('profile', 0);
const TRACE = arg('trace', 0);
/** Batches the kept profile already holds (`--keep`): the new ones are the corpus's next. */
const FROM = arg('from', 0);
const RUNS = arg('runs', 3);
const VAULT = process.argv.includes('--vault');
/** Only the growth curve: no everyday figures. */
const RATES_ONLY = process.argv.includes('--rates-only');
const PASSPHRASE = 'correct horse battery staple';
const PORT = arg('port', 5193);
const KEEP = process.argv.find((a) => a.startsWith('--keep='))?.slice('--keep='.length);

const scratch = mkdtempSync(join(tmpdir(), 'fieldbook-app-bench-'));

/** One folder of plain-text articles per batch, all different (same generator as bench:import). */
function makeBatches(): string[] {
  const docs = corpus({ count: BATCH * (FROM + BATCHES), seed: 11, frenchShare: 0.3 });
  return Array.from({ length: BATCHES }, (_, k) => {
    const b = FROM + k;
    const dir = join(scratch, `batch-${b + 1}`);
    mkdirSync(dir);
    for (let i = 0; i < BATCH; i++) {
      const doc = docs[b * BATCH + i]!;
      writeFileSync(join(dir, `a${b}-${i}.txt`), `${doc.title ?? `Article ${b}-${i}`}\n\n${doc.text}`);
    }
    return dir;
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions that took longest, by their own time and with what they called. */
function summarize(profile: CpuProfile, top = 25): string {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const keyOf = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').pop()?.split('?')[0] ?? '';
    return `${functionName || '(anonymous)'} ${file}${file ? `:${lineNumber + 1}` : ''}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    all += dt;
    const leaf = byId.get(id)!;
    self.set(keyOf(leaf), (self.get(keyOf(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const key = keyOf(byId.get(n)!);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
  });
  const table = (title: string, map: Map<string, number>) =>
    [
      `\n${title} (of ${(all / 1000).toFixed(1)} s sampled)`,
      ...[...map]
        .filter(([key]) => !/^\((root|program|idle)\)/.test(key))
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(
          ([key, ms]) =>
            `  ${(ms / 1000).toFixed(2).padStart(7)} s  ${((100 * ms) / all).toFixed(1).padStart(5)} %  ${key}`,
        ),
    ].join('\n');
  const idle = self.get('(idle) ') ?? 0;
  return `${table('Self time', self)}\n${table('Total time', total)}\n  idle: ${(idle / 1000).toFixed(1)} s`;
}

interface TraceEvent {
  ph: string;
  name: string;
  cat: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/**
 * Starts Chromium's tracer; the function returned stops it and says how busy each thread of
 * every process was (top-level tasks), and with what: the import's work is spread over the
 * page, its workers and the browser's storage threads, which the CPU profile of the page alone
 * does not see.
 */
async function startTrace(tab: Page): Promise<() => Promise<string>> {
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      // Top-level tasks only, and storage's own: finer categories (every function call) slow
      // the batch they measure by a fifth.
      includedCategories: ['toplevel', '__metadata', 'IndexedDB'],
      excludedCategories: ['*'],
    },
  });
  const started = performance.now();
  return async () => {
    const wall = performance.now() - started;
    const done = new Promise<string>((resolve) =>
      cdp.once('Tracing.tracingComplete', (event: { stream?: string }) => resolve(event.stream!)),
    );
    await cdp.send('Tracing.end');
    const stream = await done;
    const pieces: Buffer[] = [];
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
      pieces.push(Buffer.from(chunk.data, chunk.base64Encoded ? 'base64' : 'utf8'));
      if (chunk.eof) break;
    }
    const text = Buffer.concat(pieces).toString('utf8');
    await cdp.send('IO.close', { handle: stream });
    await cdp.detach();
    const parsed = JSON.parse(text) as TraceEvent[] | { traceEvents: TraceEvent[] };
    const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
    const names = new Map<string, string>();
    const processes = new Map<number, string>();
    for (const e of events) {
      if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
      if (e.ph === 'M' && e.name === 'process_name') processes.set(e.pid, e.args?.name ?? '?');
    }
    // Busy time: top-level tasks, whose spans nest everything else the thread did.
    const busy = new Map<string, number>();
    const inside = new Map<string, Map<string, number>>();
    for (const e of events) {
      if (e.ph !== 'X' || e.dur === undefined) continue;
      const thread = `${e.pid}:${e.tid}`;
      if (e.cat.includes('toplevel')) busy.set(thread, (busy.get(thread) ?? 0) + e.dur / 1000);
      else {
        const map = inside.get(thread) ?? new Map<string, number>();
        inside.set(thread, map);
        map.set(e.name, (map.get(e.name) ?? 0) + e.dur / 1000);
      }
    }
    const lines = [...busy]
      .filter(([, ms]) => ms > 0.02 * wall)
      .sort((a, b) => b[1] - a[1])
      .map(([thread, ms]) => {
        const pid = Number(thread.split(':')[0]);
        const what = [...(inside.get(thread) ?? [])]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([name, t]) => `${name} ${(t / 1000).toFixed(1)} s`)
          .join(', ');
        return `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${((100 * ms) / wall).toFixed(0).padStart(3)} %  ${processes.get(pid) ?? pid} / ${names.get(thread) ?? thread}${what ? `: ${what}` : ''}`;
      });
    return `\nThreads busy during the batch (of ${(wall / 1000).toFixed(1)} s)\n${lines.join('\n')}`;
  };
}

async function importBatch(tab: Page, dir: string): Promise<number> {
  const start = performance.now();
  await tab.getByLabel('Import folder').setInputFiles(dir);
  const n = BATCH.toLocaleString('en');
  // Polled on the report alone: a text search of the whole page would itself grow with the list.
  await tab.waitForFunction(
    (text) => [...document.querySelectorAll('.import-report')].some((e) => e.textContent?.includes(text)),
    `Imported ${n} of ${n} files`,
    { polling: 200, timeout: 60 * 60_000 },
  );
  const ms = performance.now() - start;
  await tab.getByRole('button', { name: 'Dismiss', exact: true }).first().click();
  return ms;
}

const nav = (tab: Page, name: string) =>
  tab.getByRole('navigation').getByRole('button', { name, exact: true });

/** Milliseconds from `start` (a time on the page's clock) to when the last wait succeeded. */
const since = async (tab: Page, start: number) =>
  (await tab.evaluate(() => (window as unknown as { __doneAt: number }).__doneAt)) - start;
const LONG = { polling: 'raf' as const, timeout: 10 * 60_000 };

/** Clicks in the page and returns the page's time at the click. */
const clickAt = (b: HTMLElement) => {
  const t = performance.now();
  b.click();
  return t;
};

interface Figures {
  startReady: number;
  startHit: number;
  openSource: number;
  noteSearchable: number;
  keystrokeP95: number;
  deleteShown: number;
  sortShown: number;
  filterKeyP95: number;
  sourcesScroll: Frames;
  resultsScroll: Frames;
  heapMb: number;
  /** The search worker's JavaScript heap and the typed arrays' backing stores (where the index lives). */
  workerHeapMb: number;
  /** The snapshot folder (snapshots, their chunks and packs, the journal) and the rest of the origin's storage. */
  folderMb: number;
  restMb: number;
}

/** Frames painted while a list scrolls: their median rate, and the share that took over 1.5 frames' time. */
interface Frames {
  fps: number;
  slowShare: number;
}

/**
 * Scrolls the pane that holds `listLabel` down, a step each frame for `ms`, as a fast drag of
 * the scroll bar would, and times the frames the page paints meanwhile.
 */
async function scrollFrames(tab: Page, listLabel: string, ms = 3000): Promise<Frames> {
  // No named functions inside: the page would lack the helper the build wraps them in.
  const gaps = await tab.evaluate(
    async ({ listLabel, ms }) => {
      const list = document.querySelector(`[aria-label="${listLabel}"]`);
      let scroller: Element | null = list?.parentElement ?? null;
      while (
        scroller &&
        !(
          scroller.scrollHeight > scroller.clientHeight &&
          /auto|scroll/.test(getComputedStyle(scroller).overflowY)
        )
      )
        scroller = scroller.parentElement;
      const target = (scroller ?? document.scrollingElement)!;
      const gaps: number[] = [];
      const start = performance.now();
      let last = start;
      while (last - start < ms) {
        const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        gaps.push(now - last);
        last = now;
        target.scrollTop += 240;
      }
      return gaps.slice(1);
    },
    { listLabel, ms },
  );
  const frame = median(gaps);
  return { fps: 1000 / frame, slowShare: gaps.filter((g) => g > 25).length / gaps.length };
}

/**
 * Types `text` key by key into the focused field, `gap` ms apart, and returns for each key the
 * time from its keydown to the next paint of a change in the window's main part (debounce included).
 */
async function typedKeys(tab: Page, text: string, gap: number): Promise<number[]> {
  await tab.evaluate(() => {
    const w = window as unknown as { __keys: number[]; __paints: number[]; __watching?: boolean };
    w.__keys = [];
    w.__paints = [];
    if (w.__watching) return;
    w.__watching = true;
    document.addEventListener('keydown', () => w.__keys.push(performance.now()), { capture: true });
    const main = document.querySelector('main');
    if (main)
      new MutationObserver(() => requestAnimationFrame(() => w.__paints.push(performance.now()))).observe(
        main,
        {
          subtree: true,
          childList: true,
          characterData: true,
        },
      );
  });
  for (const key of [...text]) {
    await tab.keyboard.type(key);
    await tab.waitForTimeout(gap);
  }
  const { keys, paints } = await tab.evaluate(() => {
    const w = window as unknown as { __keys: number[]; __paints: number[] };
    return { keys: w.__keys, paints: w.__paints };
  });
  const latencies: number[] = [];
  for (const [i, at] of keys.entries()) {
    const next = keys[i + 1] ?? Infinity;
    const painted = paints.find((p) => p > at + 1 && p < next);
    if (painted !== undefined) latencies.push(painted - at);
  }
  return latencies;
}

/**
 * The search worker's heap in use, asked of the worker itself through the DevTools protocol
 * (a worker has no `performance.memory`), after a garbage collection.
 */
async function searchWorkerHeap(tab: Page): Promise<number> {
  const cdp = await tab.context().newCDPSession(tab);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string; title: string }[];
    };
    const worker = targetInfos.find((t) => t.type === 'worker' && /search/.test(`${t.url} ${t.title}`));
    if (!worker) return NaN;
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: worker.targetId,
      flatten: false,
    });
    let id = 0;
    const ask = (method: string) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const mine = ++id;
        const listener = (event: { sessionId: string; message: string }) => {
          const message = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown> };
          if (event.sessionId !== sessionId || message.id !== mine) return;
          cdp.off('Target.receivedMessageFromTarget', listener);
          resolve(message.result ?? {});
        };
        cdp.on('Target.receivedMessageFromTarget', listener);
        void cdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id: mine, method }),
        });
      });
    await ask('HeapProfiler.collectGarbage');
    const usage = await ask('Runtime.getHeapUsage');
    // The index's typed arrays live outside the JavaScript heap, in backing stores: both count.
    const used = typeof usage.usedSize === 'number' ? usage.usedSize : NaN;
    const stores = typeof usage.backingStorageSize === 'number' ? usage.backingStorageSize : 0;
    console.log(`  search worker: ${JSON.stringify(usage)}`);
    return used + stores;
  } finally {
    await cdp.detach();
  }
}

/** What the snapshot folder takes, and what the rest of the origin's storage does (IndexedDB). */
async function storage(tab: Page): Promise<{ folderMb: number; restMb: number }> {
  return tab.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('snapshots');
    let bytes = 0;
    for await (const handle of (dir as unknown as { values(): AsyncIterable<FileSystemFileHandle> }).values())
      bytes += await handle.getFile().then(
        (f) => f.size,
        () => 0,
      );
    const usage = (await navigator.storage.estimate()).usage ?? 0;
    return { folderMb: bytes / 1e6, restMb: (usage - bytes) / 1e6 };
  });
}

/** The everyday figures on the archive as it is now; the page is reloaded first. */
async function everyday(tab: Page, word: (i: number) => string): Promise<Figures> {
  const startReady: number[] = [];
  const startHit: number[] = [];
  const openSource: number[] = [];
  const noteSearchable: number[] = [];
  const keystrokes: number[] = [];
  const deleteShown: number[] = [];
  const sortShown: number[] = [];
  const filterKeys: number[] = [];
  const sourcesScroll: Frames[] = [];
  const resultsScroll: Frames[] = [];
  // The first search hit is timed in the page, at the frame that first shows one: timed from
  // here, a window busy just after that frame would count its work against the hit.
  // (No named functions inside: the page would lack the helper the build wraps them in.)
  await tab.addInitScript(() => {
    const w = window as unknown as { __firstHitAt?: number };
    new MutationObserver((_, observer) => {
      if (w.__firstHitAt !== undefined || !document.querySelector('[aria-label="Search results"] li')) return;
      observer.disconnect();
      requestAnimationFrame(() => (w.__firstHitAt = performance.now()));
    }).observe(document, { subtree: true, childList: true });
  });
  for (let run = 0; run < RUNS; run++) {
    // Start-up: from navigation to a usable window, and to a first search hit.
    await tab.reload();
    if (VAULT) {
      const form = tab.getByRole('form', { name: 'Fieldbook is locked' });
      await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await form.getByRole('button', { name: 'Unlock' }).click();
    }
    await tab.locator('html[data-ready="true"]').waitFor({ timeout: 10 * 60_000 });
    const ready = await tab.evaluate(() => performance.now());
    await tab.getByRole('searchbox', { name: 'Search' }).fill(word(run));
    await tab
      .getByRole('list', { name: 'Search results' })
      .getByRole('listitem')
      .first()
      .waitFor({ timeout: 10 * 60_000 });
    await tab.waitForFunction(
      () => (window as unknown as { __firstHitAt?: number }).__firstHitAt !== undefined,
    );
    const hit = await tab.evaluate(() => (window as unknown as { __firstHitAt: number }).__firstHitAt);
    // Where start-up spent its time: the app's own marks, in the page's clock.
    const marks = await tab.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('fieldbook:'))
        .map((m) => `${m.name.slice('fieldbook:'.length)} ${m.startTime.toFixed(0)}`)
        .join(', '),
    );
    console.log(`  start-up ${run + 1}: ready ${ready.toFixed(0)}, hit ${hit.toFixed(0)}; ${marks}`);
    // Without a vault the clock starts at navigation; with one, at the unlock click's answer.
    startReady.push(ready);
    startHit.push(hit);
    await tab.getByRole('searchbox', { name: 'Search' }).fill('');

    // Opening a source from the list: click to its text in the reader.
    await nav(tab, 'Sources').click();
    const row = tab
      .getByRole('list', { name: 'Sources' })
      .getByRole('listitem')
      .nth(3 + run);
    const rowTitle = (await row.locator('.record-title').textContent()) ?? '';
    const opened = await row.getByRole('button').first().evaluate(clickAt);
    await tab.waitForFunction(
      (t) => {
        const ok =
          document.querySelector('#reader-title')?.textContent === t &&
          !!document.querySelector('.reader-text p');
        if (ok) (window as unknown as { __doneAt: number }).__doneAt = performance.now();
        return ok;
      },
      rowTitle,
      LONG,
    );
    openSource.push(await since(tab, opened));

    // A note saved until a search for its one word shows it.
    const marker = `zqmarker${run}x${Date.now().toString(36)}`;
    await tab.getByRole('searchbox', { name: 'Search' }).fill(marker);
    await tab.getByRole('button', { name: 'Add note' }).click();
    await tab.getByRole('textbox', { name: 'Note' }).fill(`Call the ${marker} contact in Mopti`);
    const saved = await tab.getByRole('button', { name: 'Save note' }).evaluate(clickAt);
    await tab.waitForFunction(
      (m) => {
        const ok = [...document.querySelectorAll('[aria-label="Search results"] li')].some((li) =>
          li.textContent?.includes(m),
        );
        if (ok) (window as unknown as { __doneAt: number }).__doneAt = performance.now();
        return ok;
      },
      marker,
      LONG,
    );
    noteSearchable.push(await since(tab, saved));

    // Keystroke to results painted: a word typed key by key, each key timed to the next
    // change of the results (or of their count), debounce included.
    await tab.getByRole('searchbox', { name: 'Search' }).fill('');
    await tab.getByRole('searchbox', { name: 'Search' }).focus();
    keystrokes.push(...(await typedKeys(tab, `${word(run + 1)} ${word(run + 2)}`, 250)));
    await tab.getByRole('searchbox', { name: 'Search' }).fill('');

    // A deletion until the row leaves the list.
    const gone = tab.getByRole('list', { name: 'Sources' }).getByRole('listitem').nth(2);
    const goneTitle = (await gone.locator('.record-title').textContent()) ?? '';
    await gone.getByRole('button').first().click();
    await tab.getByRole('article', { name: goneTitle }).waitFor();
    const deleted = await tab.getByRole('button', { name: 'Delete source' }).evaluate(clickAt);
    await tab.waitForFunction(
      (t) => {
        const ok = ![...document.querySelectorAll('[aria-label="Sources"] .record-title')].some(
          (e) => e.textContent === t,
        );
        if (ok) (window as unknown as { __doneAt: number }).__doneAt = performance.now();
        return ok;
      },
      goneTitle,
      LONG,
    );
    deleteShown.push(await since(tab, deleted));

    // Sorting the Sources list by title, until its first row is painted in that order; then
    // back to newest added (untimed: that order is always kept).
    const firstTitle = () =>
      tab.evaluate(
        () => document.querySelector('[aria-label="Sources"] > li .record-title')?.textContent ?? '',
      );
    const before = await firstTitle();
    const sortAt = await tab.getByRole('combobox', { name: 'Sort' }).evaluate((select: HTMLSelectElement) => {
      const t = performance.now();
      select.value = 'title';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return t;
    });
    await tab.waitForFunction(
      (b) => {
        const ok = document.querySelector('[aria-label="Sources"] > li .record-title')?.textContent !== b;
        if (ok) (window as unknown as { __doneAt: number }).__doneAt = performance.now();
        return ok;
      },
      before,
      LONG,
    );
    sortShown.push(await since(tab, sortAt));
    sourcesScroll.push(await scrollFrames(tab, 'Sources'));
    await tab.getByRole('combobox', { name: 'Sort' }).selectOption('added');

    // Filtering the Sources list, key by key: each key timed to the next change of the list.
    const filter = tab.getByRole('searchbox', { name: 'Filter by title or publisher' });
    await filter.focus();
    filterKeys.push(...(await typedKeys(tab, word(run + 3), 150)));
    await filter.fill('');

    // A search with many hits, shown ten pages deep, scrolled through.
    await tab.getByRole('searchbox', { name: 'Search' }).fill(word(run));
    const results = tab.getByRole('list', { name: 'Search results' });
    await results
      .getByRole('listitem')
      .first()
      .waitFor({ timeout: 10 * 60_000 });
    for (let page = 0; page < 10; page++) {
      const more = tab.getByRole('button', { name: /^Show \d+ more results$/ });
      if (!(await more.isVisible())) break;
      const count = await results.getByRole('listitem').first().getAttribute('aria-setsize');
      await more.click();
      await tab.waitForFunction(
        (c) =>
          document.querySelector('[aria-label="Search results"] > li')?.getAttribute('aria-setsize') !== c,
        count,
        LONG,
      );
    }
    resultsScroll.push(await scrollFrames(tab, 'Search results'));
    await tab.getByRole('searchbox', { name: 'Search' }).fill('');
  }
  // The live heap: what a collection now would leave (garbage waiting for one is not the app's).
  const page = await tab.context().newCDPSession(tab);
  await page.send('HeapProfiler.collectGarbage');
  await page.detach();
  const heap = await tab.evaluate(
    () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN,
  );
  const workerHeap = await searchWorkerHeap(tab);
  // Once the snapshot of the edits above is written (it follows 5 s after the last change).
  await tab.waitForTimeout(20_000);
  const { folderMb, restMb } = await storage(tab);
  return {
    startReady: median(startReady),
    startHit: median(startHit),
    openSource: median(openSource),
    noteSearchable: median(noteSearchable),
    keystrokeP95: p95(keystrokes),
    deleteShown: median(deleteShown),
    sortShown: median(sortShown),
    filterKeyP95: p95(filterKeys),
    sourcesScroll: medianFrames(sourcesScroll),
    resultsScroll: medianFrames(resultsScroll),
    heapMb: heap / 1024 / 1024,
    workerHeapMb: workerHeap / 1024 / 1024,
    folderMb,
    restMb,
  };
}

const medianFrames = (runs: Frames[]): Frames => ({
  fps: median(runs.map((r) => r.fps)),
  slowShare: median(runs.map((r) => r.slowShare)),
});

function figuresTable(baseline: Figures, full: Figures, baseSize: number, fullSize: number): string {
  const rows: [string, keyof Figures, string][] = [
    ['start-up to a usable window', 'startReady', 'ms'],
    ['start-up to a first search hit', 'startHit', 'ms'],
    ['opening a source from the list', 'openSource', 'ms'],
    ['a note saved until search shows it', 'noteSearchable', 'ms'],
    ['keystroke to results painted, p95', 'keystrokeP95', 'ms'],
    ['a deletion until it leaves the list', 'deleteShown', 'ms'],
    ['Sources sorted by title until painted', 'sortShown', 'ms'],
    ['Sources filter, keystroke to list painted, p95', 'filterKeyP95', 'ms'],
    ['renderer JavaScript heap', 'heapMb', 'MB'],
    ['search worker heap (with typed arrays)', 'workerHeapMb', 'MB'],
    ['snapshot folder on disk (snapshots kept, journal)', 'folderMb', 'MB'],
    ['rest of the storage (IndexedDB: archive, search index)', 'restMb', 'MB'],
  ];
  const frames: [string, keyof Figures][] = [
    ['Sources list scrolled, frames per second', 'sourcesScroll'],
    ['search results (500) scrolled, frames per second', 'resultsScroll'],
  ];
  const scroll = (f: Figures, key: keyof Figures) => {
    const { fps, slowShare } = f[key] as Frames;
    return `${fps.toFixed(0)} fps (${(100 * slowShare).toFixed(0)} % slow)`;
  };
  const figure = (f: Figures, key: keyof Figures) => f[key] as number;
  return [
    `| figure (median of ${RUNS}) | ${baseSize.toLocaleString('en')} sources | ${fullSize.toLocaleString('en')} sources | ratio |`,
    '|---|---|---|---|',
    ...rows.map(
      ([name, key, unit]) =>
        `| ${name} | ${figure(baseline, key).toFixed(0)} ${unit} | ${figure(full, key).toFixed(0)} ${unit} | ${(figure(full, key) / figure(baseline, key)).toFixed(2)}× |`,
    ),
    ...frames.map(
      ([name, key]) =>
        `| ${name} | ${scroll(baseline, key)} | ${scroll(full, key)} | ${((full[key] as Frames).fps / (baseline[key] as Frames).fps).toFixed(2)}× |`,
    ),
  ].join('\n');
}

async function main() {
  console.log(`App benchmark: ${BATCHES} batches of ${BATCH} text files into one profile.`);
  const dirs = makeBatches();
  const server = await serveWebApp(PORT, { minify: PROFILE === 0 });
  const profileDir = KEEP ?? mkdtempSync(join(scratch, 'profile-'));
  if (KEEP) mkdirSync(KEEP, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  const rows: string[] = [];
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    // Words the corpus surely holds, for searches that find something.
    const words = ['attack', 'convoy', 'village', 'militants', 'soldiers', 'market', 'mopti', 'gao'];
    const word = (i: number) => words[i % words.length]!;
    await tab.goto(server.url);
    if (BATCHES === 0) {
      // The archive kept from an earlier run, measured as it is (`everyday` reloads and unlocks).
      const figures = await everyday(tab, word);
      console.log(`  kept archive: ${JSON.stringify(figures)}`);
      return;
    }
    if (VAULT && FROM > 0) {
      const form = tab.getByRole('form', { name: 'Fieldbook is locked' });
      await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await form.getByRole('button', { name: 'Unlock' }).click();
    }
    await tab.locator('html[data-ready="true"]').waitFor({ timeout: 10 * 60_000 });
    if (VAULT && FROM === 0) {
      await nav(tab, 'Settings').click();
      const form = tab.getByRole('form', { name: 'Encrypt archive' });
      await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await form.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
      await form.getByRole('button', { name: 'Create vault' }).click();
      await tab.getByRole('button', { name: 'Lock', exact: true }).waitFor();
    }
    await nav(tab, 'Sources').click();
    let baseline: Figures | undefined;
    let full: Figures | undefined;
    for (const [b, dir] of dirs.entries()) {
      const profiling = PROFILE === b + 1;
      const cdp = profiling ? await context.newCDPSession(tab) : undefined;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
        await cdp.send('Profiler.start');
      }
      const tracing = TRACE === b + 1 ? await startTrace(tab) : undefined;
      const ms = await importBatch(tab, dir);
      const rate = BATCH / (ms / 1000);
      const at = FROM + b;
      const row = `| ${(at * BATCH).toLocaleString('en')} | ${((at + 1) * BATCH).toLocaleString('en')} | ${(ms / 1000).toFixed(1)} s | ${rate.toFixed(1)} |`;
      if (tracing) console.log(await tracing());
      rows.push(row);
      console.log(row);
      if (cdp) {
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
        console.log(summarize(profile));
        await cdp.detach();
      }
      if (!RATES_ONLY && (b === 0 || b === dirs.length - 1)) {
        const figures = await everyday(tab, word);
        console.log(`  at ${((FROM + b + 1) * BATCH).toLocaleString('en')}: ${JSON.stringify(figures)}`);
        if (b === 0) baseline = figures;
        else full = figures;
        await nav(tab, 'Sources').click();
      }
    }
    if (baseline && full) {
      console.log(`\nEveryday figures${VAULT ? ', in a vault' : ''}\n`);
      console.log(figuresTable(baseline, full, BATCH, BATCH * BATCHES - 2 * RUNS));
    }
  } finally {
    await context.close();
    await server.close();
  }
  console.log('\nGrowth curve (Import folder, plain-text articles of ~3 KB, one profile)\n');
  console.log('| archive before | after | batch time | documents/s |\n|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
