/**
 * What the page's JavaScript heap holds, on a kept profile (`npm run bench:app -- --keep=DIR`):
 * the app is opened (and unlocked with `--vault`), left `--wait` seconds (60) to finish what a
 * start-up does, collected, and a heap snapshot is summed by kind of object; then the retainer
 * chains of a few large array buffers are printed, which say what holds the bytes.
 *
 *   npm run bench:heap -- --keep=/tmp/fb-50k --vault --port=5193
 *
 * The port must be the one the profile was built on: IndexedDB belongs to an origin.
 */
import { chromium } from '@playwright/test';
import { serveWebApp } from './web-app.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/chromium';
import { arg } from './cli';

const KEEP = process.argv.find((a) => a.startsWith('--keep='))?.slice('--keep='.length);
const VAULT = process.argv.includes('--vault');
const WAIT = arg('wait', 60);
const PORT = arg('port', 5193);
const PASSPHRASE = 'correct horse battery staple';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

function summarize(snap: Snapshot): string {
  const { node_fields: nf, node_types, edge_fields: ef, edge_types } = snap.snapshot.meta;
  const step = nf.length;
  const [ti, ni, si, ec] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f)) as [
    number,
    number,
    number,
    number,
  ];
  const types = node_types[0];
  const label = (i: number) => {
    const type = types[snap.nodes[i + ti]!]!;
    return type.includes('string')
      ? `(${type})`
      : `${type}:${snap.strings[snap.nodes[i + ni]!]!.slice(0, 60)}`;
  };
  const by = new Map<string, { count: number; size: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += step) {
    const size = snap.nodes[i + si]!;
    total += size;
    const entry = by.get(label(i)) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += size;
    by.set(label(i), entry);
  }
  const lines = [`heap after a collection: ${(total / 1e6).toFixed(1)} MB`];
  for (const [name, { count, size }] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, 20))
    lines.push(`${(size / 1e6).toFixed(1).padStart(8)} MB ${String(count).padStart(9)}  ${name}`);
  // Who holds the large buffers: one retainer per node, a few levels up.
  const estep = ef.length;
  const [eti, eni, eto] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const parent = new Map<number, string>();
  let e = 0;
  for (let i = 0; i < snap.nodes.length; i += step)
    for (let k = 0; k < snap.nodes[i + ec]!; k++, e += estep) {
      const type = edge_types[0][snap.edges[e + eti]!]!;
      const to = snap.edges[e + eto]!;
      if (type === 'weak' || parent.has(to)) continue;
      const name =
        type === 'element' || type === 'hidden'
          ? String(snap.edges[e + eni])
          : snap.strings[snap.edges[e + eni]!];
      parent.set(to, `${i}|${type}:${name}`);
    }
  let shown = 0;
  for (let i = 0; i < snap.nodes.length && shown < 5; i += step) {
    if (!label(i).endsWith('JSArrayBufferData') || snap.nodes[i + si]! < 4000 || shown * 997 > i / step)
      continue;
    shown++;
    const chain = [label(i)];
    for (let at = i, depth = 0; depth < 8; depth++) {
      const up = parent.get(at);
      if (!up) break;
      const [from, edge] = up.split('|') as [string, string];
      at = Number(from);
      chain.push(`<-[${edge}] ${label(at)}`);
    }
    lines.push(`\n${chain.join('\n    ')}`);
  }
  return lines.join('\n');
}

async function main() {
  if (!KEEP) throw new Error('--keep=DIR: the profile to look into');
  const server = await serveWebApp(PORT, { minify: false });
  const context = await chromium.launchPersistentContext(KEEP, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.goto(server.url);
    if (VAULT) {
      const form = tab.getByRole('form', { name: 'Fieldbook is locked' });
      await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await form.getByRole('button', { name: 'Unlock' }).click();
    }
    await tab.locator('html[data-ready="true"]').waitFor({ timeout: 10 * 60_000 });
    await tab.waitForTimeout(WAIT * 1000);
    const cdp = await context.newCDPSession(tab);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const chunks: string[] = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', (event) => chunks.push(event.chunk));
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    console.log(summarize(JSON.parse(chunks.join('')) as Snapshot));
  } finally {
    await context.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
