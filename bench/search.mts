/**
 * Search benchmark: our engine against one plain lunr index, built from the same deterministic
 * corpus in the same run, at each size given (default 1,000 and 10,000 documents; pass
 * `--sizes=1000,10000,50000` for the full set). Prints build time and rate, serialized size,
 * cold start to first hit and heap after load (medians of three fresh processes), p50/p95
 * query latency by kind, the time for a single add, a single remove and a thesaurus edit to
 * become searchable, and the ratios ours/plain-lunr.
 *
 * Run with `npm run bench:search` (which passes --expose-gc, and runs the engine bundled as the
 * app ships it: see run.mjs). Figures vary with machine load: compare the two engines within
 * one run, not across runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { corpus, mulberry32 } from './corpus';
import { plainLunr } from './plain-lunr';
import {
  createSearchEngine,
  loadSearchEngine,
  type SearchDoc,
  type SearchEngine,
} from '../src/core/search/engine';

const sizesArg = process.argv.find((a) => a.startsWith('--sizes='));
const sizes = (sizesArg?.slice('--sizes='.length) ?? '1000,10000').split(',').map(Number);
const QUERIES_PER_KIND = 60;
/** Fresh processes per cold start and heap figure, of which the median is printed. */
const COLD_RUNS = 3;

const scratch = mkdtempSync(join(tmpdir(), 'fieldbook-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** Cold start and heap, each the median of COLD_RUNS fresh processes on the saved index. */
function coldStart(kind: 'ours' | 'lunr', data: Uint8Array | string): { coldMs: number; heapBytes: number } {
  const file = join(scratch, `${kind}.index`);
  writeFileSync(file, data);
  // Bundled by run.mjs, the child is bundled beside this file; run from source, tsx loads it.
  const child = import.meta.url.endsWith('.mjs')
    ? [join(import.meta.dirname, 'load-child.mjs')]
    : ['--import', 'tsx', join(import.meta.dirname, 'load-child.mts')];
  const runs = Array.from({ length: COLD_RUNS }, () => {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=8192', ...child, kind, file],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { coldMs: number; heapBytes: number };
  });
  rmSync(file);
  return {
    coldMs: pct(
      runs.map((r) => r.coldMs),
      50,
    ),
    heapBytes: pct(
      runs.map((r) => r.heapBytes),
      50,
    ),
  };
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 2 : 1)} ms`);
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const time = <T,>(fn: () => T): [T, number] => {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
};

type Kind = 'single' | 'two-term' | 'phrase' | 'prefix' | 'fuzzy';

function queries(docs: SearchDoc[], seed: number): Record<Kind, string[]> {
  const random = mulberry32(seed);
  const words = (doc: SearchDoc) => doc.text.toLowerCase().match(/[a-zà-ÿ]{4,}/g) ?? [];
  const sample = () => {
    const doc = docs[Math.floor(random() * docs.length)] as SearchDoc;
    const w = words(doc);
    const i = Math.floor(random() * Math.max(1, w.length - 1));
    return [w[i] ?? 'convoy', w[i + 1] ?? 'attack'] as const;
  };
  const make = (f: () => string) => Array.from({ length: QUERIES_PER_KIND }, f);
  return {
    single: make(() => sample()[0]),
    'two-term': make(() => sample().join(' ')),
    phrase: make(() => `"${sample().join(' ')}"`),
    prefix: make(() => `${sample()[0].slice(0, 3)}*`),
    fuzzy: make(() => `${sample()[0]}~1`),
  };
}

interface Figures {
  buildMs: number;
  bytes: number;
  coldMs: number;
  heapBytes: number;
  latency: Record<Kind, [number, number] | null>;
  addMs: number;
  removeMs: number;
  /** A thesaurus edit (a new entity) until searchable, and the share of documents naming it. */
  thesaurusMs: number;
  thesaurusShare: number;
}

function measureOurs(docs: SearchDoc[], qs: Record<Kind, string[]>): Figures {
  const [engine, buildMs] = time(() => {
    const e = createSearchEngine();
    for (let i = 0; i < docs.length; i += 1000) e.add(docs.slice(i, i + 1000));
    e.search('convoy');
    return e;
  });
  while (engine.maintain());
  const bytes = engine.serialize();
  const { coldMs, heapBytes } = coldStart('ours', bytes);
  const loaded: SearchEngine = loadSearchEngine(bytes);
  const latency = {} as Figures['latency'];
  for (const kind of Object.keys(qs) as Kind[]) {
    const samples = qs[kind].map((q) => time(() => loaded.search(q, { limit: 20 }))[1]);
    latency[kind] = [pct(samples, 50), pct(samples, 95)];
  }
  const extra: SearchDoc = {
    id: 'bench-extra',
    kind: 'note',
    title: 'Extra',
    text: 'zyxwvutsrq marker for the single add',
  };
  const [, addMs] = time(() => {
    loaded.add([extra]);
    if (loaded.search('zyxwvutsrq').total !== 1) throw new Error('the added document was not found');
  });
  const [, removeMs] = time(() => {
    loaded.remove([extra.id]);
    if (loaded.search('zyxwvutsrq').total !== 0) throw new Error('the removed document was still found');
  });
  // A new entity whose alias a few percent of the documents write: only they are read again.
  const named = loaded.search('dozo', { limit: 1 }).total;
  const entity = {
    id: 'actor:bench',
    kind: 'actor' as const,
    name: 'Dan Na Ambassagou',
    aliases: ['Ambassagou', 'Dozo'],
  };
  const [, thesaurusMs] = time(() => {
    loaded.setEntities([...(loaded.entities ?? []), entity]);
    if (loaded.search('ambassagou').total < named)
      throw new Error('the new entity does not find the documents that name it');
  });
  return {
    buildMs,
    bytes: bytes.byteLength,
    coldMs,
    heapBytes,
    latency,
    addMs,
    removeMs,
    thesaurusMs,
    thesaurusShare: named / docs.length,
  };
}

function measureLunr(docs: SearchDoc[], qs: Record<Kind, string[]>): Figures {
  const [loaded, buildMs] = time(() => {
    const i = plainLunr(docs);
    i.search('convoy');
    return i;
  });
  const json = JSON.stringify(loaded);
  const { coldMs, heapBytes } = coldStart('lunr', json);
  const latency = {} as Figures['latency'];
  for (const kind of Object.keys(qs) as Kind[]) {
    if (kind === 'phrase') {
      latency[kind] = null; // lunr has no phrase queries
      continue;
    }
    const samples = qs[kind].map((q) => time(() => loaded.search(q))[1]);
    latency[kind] = [pct(samples, 50), pct(samples, 95)];
  }
  // lunr cannot add or remove a document, nor expand a word to its aliases unless they are
  // written into the documents: it builds the whole index again.
  return {
    buildMs,
    bytes: json.length,
    coldMs,
    heapBytes,
    latency,
    addMs: buildMs,
    removeMs: buildMs,
    thesaurusMs: buildMs,
    thesaurusShare: 1,
  };
}

function report(size: number, ours: Figures, plain: Figures): void {
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
  const rows: [string, string, string, string][] = [
    ['build', ms(ours.buildMs), ms(plain.buildMs), ratio(ours.buildMs, plain.buildMs)],
    [
      'documents/s',
      (size / (ours.buildMs / 1000)).toFixed(0),
      (size / (plain.buildMs / 1000)).toFixed(0),
      ratio(plain.buildMs, ours.buildMs),
    ],
    ['serialized', mb(ours.bytes), mb(plain.bytes), ratio(ours.bytes, plain.bytes)],
    ['cold start to first hit', ms(ours.coldMs), ms(plain.coldMs), ratio(ours.coldMs, plain.coldMs)],
    ['heap after load', mb(ours.heapBytes), mb(plain.heapBytes), ratio(ours.heapBytes, plain.heapBytes)],
  ];
  for (const kind of Object.keys(ours.latency) as Kind[]) {
    const o = ours.latency[kind];
    const p = plain.latency[kind];
    rows.push([
      `${kind} p50 / p95`,
      o ? `${ms(o[0])} / ${ms(o[1])}` : 'n/a',
      p ? `${ms(p[0])} / ${ms(p[1])}` : 'n/a',
      o && p ? ratio(o[1], p[1]) : 'n/a',
    ]);
  }
  rows.push(['single add searchable', ms(ours.addMs), ms(plain.addMs), ratio(ours.addMs, plain.addMs)]);
  rows.push([
    'single remove searchable',
    ms(ours.removeMs),
    ms(plain.removeMs),
    ratio(ours.removeMs, plain.removeMs),
  ]);
  rows.push([
    `thesaurus edit searchable (${(ours.thesaurusShare * 100).toFixed(0)} % of documents name it)`,
    ms(ours.thesaurusMs),
    ms(plain.thesaurusMs),
    ratio(ours.thesaurusMs, plain.thesaurusMs),
  ]);
  console.log(`\n${size.toLocaleString('en')} documents`);
  console.log(`| measure | ours | plain lunr | ours / lunr |\n|---|---|---|---|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

console.log(
  `Search benchmark, Node ${process.version}, sizes ${sizes.join(', ')}; p50/p95 over ${QUERIES_PER_KIND} queries per kind.`,
);
for (const size of sizes) {
  const docs = corpus({ count: size, seed: 42 });
  const qs = queries(docs, size);
  const ours = measureOurs(docs, qs);
  const plain = measureLunr(docs, qs);
  report(size, ours, plain);
}
