/**
 * Runs a benchmark on the engine as the app ships it: bundled into one ES module, as Vite
 * bundles the search worker. Under `tsx` every imported constant is read through a getter,
 * which costs a prefix query a third more time than the shipped code takes.
 *
 *   node [node flags] bench/run.mjs bench/search.mts [benchmark arguments]
 *
 * The entry and the benchmark's child scripts are bundled into node_modules/.cache; the
 * entry then runs in this process, with its flags and arguments.
 */
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry) throw new Error('usage: node bench/run.mjs bench/<benchmark>.mts [arguments]');
const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, '..', 'node_modules', '.cache', 'fieldbook-bench');
await build({
  entryPoints: [resolve(entry), join(here, 'load-child.mts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outdir,
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
});
const name = entry.replace(/^.*\//, '').replace(/\.m?ts$/, '.mjs');
await import(pathToFileURL(join(outdir, name)).href);
