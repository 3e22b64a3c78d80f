/** Says once, at the start of the end-to-end run, whether the Electron tests can run here. */
import { electronBinary } from './electron/binary';

export default function globalSetup(): void {
  const binary = electronBinary();
  console.log(
    binary
      ? `Electron tests run with ${binary}.`
      : 'Electron tests are SKIPPED: no Electron binary here (set ELECTRON_OVERRIDE_DIST_PATH or ELECTRON_EXEC_PATH).',
  );
}
