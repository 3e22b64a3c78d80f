/** The Electron binary to test, when this machine has one. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function electronBinary(): string | undefined {
  const exec = process.env.ELECTRON_EXEC_PATH;
  if (exec && existsSync(exec)) return exec;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!dist) return undefined;
  const name =
    process.platform === 'win32'
      ? 'electron.exe'
      : process.platform === 'darwin'
        ? 'Electron.app/Contents/MacOS/Electron'
        : 'electron';
  const path = join(dist, name);
  return existsSync(path) ? path : undefined;
}
