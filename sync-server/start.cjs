/**
 * `npm run sync:server`: installs the test server's own dependencies on first use (from its
 * own lock file, apart from the app's), then starts it on 127.0.0.1.
 */
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

/** Installs the server's dependencies when they are missing; quick when they are there. */
const ensureInstalled = () => {
  if (existsSync(join(__dirname, 'node_modules', '.package-lock.json'))) return;
  console.log('Installing the sync test server’s dependencies (sync-server/package-lock.json)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: __dirname,
    stdio: 'inherit',
  });
};

module.exports = { ensureInstalled };

if (require.main === module) {
  ensureInstalled();
  require('./server.cjs').main();
}
