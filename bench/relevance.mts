/**
 * Relevance benchmark: recall@10 and MRR of the judged queries of tests/fixtures/relevance
 * over its bilingual corpus, overall, per language and per kind of difficulty, and every miss
 * with the rank the missed document had (0: not found). Targets: recall@10 ≥ 0.95 in each
 * language, and no kind below 0.9.
 *
 *   npm run bench:relevance
 */
import { evaluateRelevance, type Score } from '../tests/fixtures/relevance/evaluate';

const report = evaluateRelevance();
const line = (name: string, s: Score) =>
  `${name.padEnd(12)} ${String(s.queries).padStart(7)} ${s.recall.toFixed(3).padStart(9)} ${s.mrr.toFixed(3).padStart(7)}`;
const header = `${'set'.padEnd(12)} ${'queries'.padStart(7)} ${'recall@10'.padStart(9)} ${'MRR'.padStart(7)}`;

console.log(header);
console.log(line('all', report.overall));
console.log('\nby language');
for (const [name, s] of Object.entries(report.byLanguage)) console.log(line(name, s));
console.log('\nby kind');
for (const [name, s] of Object.entries(report.byKind).sort((a, b) => a[1].recall - b[1].recall))
  console.log(line(name, s));
console.log(`\nmisses (${report.misses.length})`);
for (const miss of report.misses)
  console.log(
    `  [${miss.query.kind}/${miss.query.lang}] ${miss.query.q} — missing ${miss.missing
      .map((m) => `${m.id} (rank ${m.rank || 'none'})`)
      .join(', ')}${miss.error ? ` — error: ${miss.error}` : ''}`,
  );
if (report.languages.length)
  console.log(
    `\ndocuments detected in another language: ${report.languages.map((l) => `${l.id}→${l.detected || '?'}`).join(', ')}`,
  );

const below = [
  ...Object.entries(report.byLanguage).filter(([, s]) => s.recall < 0.95),
  ...Object.entries(report.byKind).filter(([, s]) => s.recall < 0.9),
];
console.log(below.length ? `\nbelow target: ${below.map(([n]) => n).join(', ')}` : '\nevery target met');
