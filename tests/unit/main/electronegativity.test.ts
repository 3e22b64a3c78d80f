import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(__dirname, '../../../scripts/electronegativity.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A build output whose main process is written as given. */
function buildWith(main: string, page = '<html><head></head><body></body></html>'): string {
  const out = mkdtempSync(join(tmpdir(), 'fieldbook-gate-'));
  dirs.push(out);
  for (const dir of ['main', 'preload', 'renderer']) mkdirSync(join(out, dir));
  writeFileSync(join(out, 'main/index.js'), main);
  writeFileSync(join(out, 'preload/index.js'), "const { contextBridge } = require('electron');\n");
  writeFileSync(join(out, 'renderer/index.html'), page);
  return out;
}

const gate = (out: string) =>
  promisify(execFile)(process.execPath, [script, `--out=${out}`]).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );

describe('the Electronegativity gate', () => {
  it('fails a main process that turns context isolation and the sandbox off', async () => {
    const result = await gate(
      buildWith(`const { BrowserWindow } = require('electron');
new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });`),
    );
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/CONTEXT_ISOLATION_JS_CHECK HIGH/);
    expect(result.output).toMatch(/SANDBOX_JS_CHECK MEDIUM/);
  }, 60_000);

  it('fails on a file it cannot parse instead of skipping it', async () => {
    const result = await gate(buildWith('this is not JavaScript {'));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/could not parse main[/\\]index\.js/);
  }, 60_000);
});
