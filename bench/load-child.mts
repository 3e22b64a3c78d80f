/**
 * Measures, in a fresh process, the cold start of a saved index: read the file, load it, answer
 * a first query; and the heap it then holds. Called by search.mts as
 * `load-child.mts ours|lunr FILE`; prints one JSON line.
 */
import lunr from 'lunr';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadSearchEngine } from '../src/core/search/engine';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const [kind, file] = process.argv.slice(2);
if (!file || (kind !== 'ours' && kind !== 'lunr')) throw new Error('usage: load-child.mts ours|lunr FILE');

// Warm the code paths on nothing, so that the figure is about the index, not module loading.
lunr(function () {
  this.ref('id');
}).search('x');

gc();
const memory = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const before = memory();
const start = performance.now();
let keep: unknown;
if (kind === 'ours') {
  const engine = loadSearchEngine(new Uint8Array(readFileSync(file)));
  engine.search('convoy');
  keep = engine;
} else {
  const index = lunr.Index.load(JSON.parse(readFileSync(file, 'utf8')) as object);
  index.search('convoy');
  keep = index;
}
const coldMs = performance.now() - start;
gc();
gc();
// Typed arrays live outside the JavaScript heap: count them too.
const heapBytes = memory() - before;
console.log(JSON.stringify({ coldMs, heapBytes, kept: keep !== undefined }));
