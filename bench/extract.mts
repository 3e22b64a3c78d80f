/**
 * Assisted extraction measured on the labelled set (tests/fixtures/extraction/labelled.json):
 * accuracy per field and language, then every miss, with what was expected and proposed.
 *
 *   npm run bench:extract
 */
import { FIELDS, LABELLED, scoreReadings } from '../tests/fixtures/extraction/score';

const { accuracy, misses } = scoreReadings();
const languages = Object.keys(accuracy).sort();
const counts = languages.map((l) => `${l} ${LABELLED.filter((p) => p.language === l).length}`).join(', ');
console.log(`Labelled passages: ${LABELLED.length} (${counts})\n`);
console.log(['field'.padEnd(12), ...languages.map((l) => l.padStart(16))].join(''));
for (const field of FIELDS) {
  const cells = languages.map((l) => {
    const [right, total] = accuracy[l]![field];
    return `${right}/${total} ${((100 * right) / total).toFixed(0).padStart(3)} %`.padStart(16);
  });
  console.log([field.padEnd(12), ...cells].join(''));
}
console.log(`\nMisses: ${misses.length}`);
for (const m of misses)
  console.log(`  ${m.id} · ${m.field}: expected ${m.expected ?? '—'}, proposed ${m.proposed ?? '—'}`);
