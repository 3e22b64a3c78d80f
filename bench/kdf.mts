/**
 * The vault's key derivation: Argon2id (hash-wasm, the same WebAssembly the app runs) at
 * 64 MiB for several pass counts, against PBKDF2-SHA256 at OWASP's 600,000 iterations as a
 * baseline measured in the same run. Medians of seven runs.
 *
 *   npm run bench:kdf
 */
import { argon2id } from 'hash-wasm';

const RUNS = 7;
const salt = crypto.getRandomValues(new Uint8Array(16));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function time(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

const pbkdf2 = await time(async () => {
  const base = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode('correct horse'),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 600_000 }, base, 256);
});
console.log('| derivation | median | vs PBKDF2 |\n|---|---|---|');
console.log(`| PBKDF2-SHA256, 600,000 iterations (baseline) | ${pbkdf2.toFixed(0)} ms | 1.00× |`);
for (const iterations of [2, 3, 4, 5]) {
  const ms = await time(() =>
    argon2id({
      password: 'correct horse',
      salt,
      parallelism: 1,
      iterations,
      memorySize: 65536,
      hashLength: 32,
    }),
  );
  console.log(
    `| Argon2id, 64 MiB, ${iterations} passes | ${ms.toFixed(0)} ms | ${(ms / pbkdf2).toFixed(2)}× |`,
  );
}
