// Runs Electronegativity on the built main process, preload and renderer page, and fails on
// any HIGH or MEDIUM finding or any file it could not parse. Electronegativity itself exits 0
// whatever it finds, so this reads its findings through its programmatic API.
//
// A finding that was reviewed and is safe may be listed in scripts/electronegativity-reviewed.json
// with the reason; it is then reported but does not fail. Anything else fails.
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const root = join(import.meta.dirname, '..');
const electronVersion = require('electron/package.json').version;
const reviewed = JSON.parse(
  readFileSync(join(import.meta.dirname, 'electronegativity-reviewed.json'), 'utf8'),
);

// The build output to scan: out/ by default, or --out=<folder> (the gate's own test uses it).
const out = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? join(root, 'out');
const parts = ['main/index.js', 'preload/index.js', 'renderer/index.html'];
for (const part of parts)
  if (!existsSync(join(out, part))) {
    console.error(`Electronegativity: ${join(out, part)} is missing; run "npm run build" first.`);
    process.exit(1);
  }

// The main and preload bundles and the page that carries the CSP: what ships in the app
// shell. (The renderer's own scripts are ordinary web code, checked by CSP and the e2e tests.)
const scan = mkdtempSync(join(tmpdir(), 'fieldbook-electronegativity-'));
for (const part of parts) cpSync(join(out, part), join(scan, part));

let result;
try {
  result = await run({
    input: scan,
    isRelative: true,
    electronVersionOverride: electronVersion,
    severitySet: 'informational',
    confidenceSet: 'tentative',
    // This one downloads Electron's release list; the build machine is offline by design.
    // Keeping Electron current is the dependency updates' job.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });
} finally {
  rmSync(scan, { recursive: true, force: true });
}

const failures = [];
for (const error of result.errors)
  failures.push(
    `could not parse ${error.file.replace(scan, '').replace(/^[/\\]/, '')}: ${error.message}${error.tolerable ? ' (tolerable)' : ''}`,
  );

for (const issue of result.issues) {
  const line = `${issue.id} ${issue.severity.name}/${issue.confidence.name} in ${issue.file}:${issue.location.line} — ${issue.description}`;
  const review = reviewed.find((r) => r.id === issue.id && r.file === issue.file);
  if (issue.severity.value < 2) console.log(`  low: ${line}`);
  else if (review) console.log(`  reviewed: ${line}\n    ${review.reason}`);
  else failures.push(line);
}

console.log(
  `Electronegativity ${require('@doyensec/electronegativity/package.json').version}: ` +
    `${result.globalChecks + result.atomicChecks} checks on ${parts.join(', ')} (Electron ${electronVersion}).`,
);
if (failures.length) {
  console.error(`Electronegativity failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('Electronegativity: no HIGH or MEDIUM finding left unreviewed, every file parsed.');
