import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { JSDOM } from 'jsdom';
import { guidOf, qdpxProject } from '../../../src/core/export/qdpx';
import { describeRange } from '../../../src/core/annotate/selectors';
import type { Passage } from '../../../src/core/model/types';
import { claim, incident, note, source } from '../factories';

/** The REFI-QDA project schema (QDA-XML 1.0, as published by REFI). */
const SCHEMA = readFileSync(join(__dirname, '../../fixtures/refi-qda/Project.xsd'), 'utf8');
const NS = 'urn:QDA-XML:project:1.0';

// Real shapes: an emoji before the passage, French elisions, a note with markup-like text.
const TEXT =
  '🔴 BREAKING — Mopti. L’armée malienne affirme avoir repoussé une attaque à Boni. « Au moins 31 civils » ont été tués, selon des sources locales.';
const ja = source({
  id: '6f1c1c1e-9b9a-4b0e-8f4a-3c2d1e0f9a8b',
  title: 'Attaque à Boni : l’armée <affirme> & dément',
  text: TEXT,
  publisher: 'Jeune Afrique',
  publishedAt: '2022-03-07',
  url: 'https://www.jeuneafrique.com/boni',
});
const plain = source({ id: 'src-plain', title: 'Notes from Sévaré', text: 'Nothing marked here.' });
const at = (words: string) => TEXT.indexOf(words);
const passage = (id: string, words: string, color: Passage['color']): Passage => ({
  id,
  sourceId: ja.id,
  target: describeRange(TEXT, at(words), at(words) + words.length),
  color,
  createdAt: Date.UTC(2022, 2, 8),
  updatedAt: Date.UTC(2022, 2, 8),
});
const toll = passage('p-toll', '« Au moins 31 civils »', 'pink');
const claimOfArmy = passage('p-army', 'L’armée malienne affirme', 'blue');
const onToll = note({ body: 'Hospital says 33 <b>dead</b> & more', sourceId: ja.id, passageId: toll.id });
// A control character pasted from a terminal: XML cannot hold it.
const onSource = note({ body: 'Check against RFI.\u0007', sourceId: ja.id });
const free = note({ body: 'Call the Sévaré contact.' });
const attack = incident({
  id: 'i-boni',
  date: '2022-03-06',
  location: { name: 'Boni', admin1: 'Mopti', country: 'Mali' },
  claims: [claim({ sourceId: ja.id, passageIds: [toll.id] })],
});

const labels = {
  project: 'Fieldbook',
  colors: { yellow: 'Yellow', green: 'Green', blue: 'Blue', pink: 'Pink' },
  incidents: 'Incidents',
  user: 'Fieldbook',
};

const zip = unzipSync(
  qdpxProject({
    sources: [ja, plain],
    passages: [toll, claimOfArmy],
    notes: [onToll, onSource, free],
    incidents: [attack],
    labels,
  }),
);
const qde = strFromU8(zip['project.qde']!);
const doc = new JSDOM(qde, { contentType: 'application/xml' }).window.document;
const all = (name: string) => [...doc.getElementsByTagNameNS(NS, name)];
const byGuid = (name: string, guid: string) => all(name).find((e) => e.getAttribute('guid') === guid)!;

describe('a REFI-QDA project (.qdpx)', () => {
  it('is valid against the REFI-QDA project schema', async () => {
    const result = await validateXML({
      xml: [{ fileName: 'project.qde', contents: qde }],
      schema: [{ fileName: 'Project.xsd', contents: SCHEMA }],
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('holds each source’s text, and each passage as a selection whose positions give its words', () => {
    const text = strFromU8(zip[`Sources/${guidOf(ja.id)}.txt`]!);
    expect(text).toBe(TEXT);
    const source = byGuid('TextSource', guidOf(ja.id));
    expect(source.getAttribute('name')).toBe(ja.title);
    expect(source.getAttribute('plainTextPath')).toBe(`internal://${guidOf(ja.id)}.txt`);
    // Positions in code points, as QDA tools count characters: the emoji counts one.
    const codePoints = [...text];
    for (const [p, words] of [
      [toll, '« Au moins 31 civils »'],
      [claimOfArmy, 'L’armée malienne affirme'],
    ] as const) {
      const selection = byGuid('PlainTextSelection', guidOf(p.id));
      const start = Number(selection.getAttribute('startPosition'));
      const end = Number(selection.getAttribute('endPosition'));
      expect(codePoints.slice(start, end).join('')).toBe(words);
    }
  });

  it('codes each passage with its colour, and with the incidents it is evidence for', () => {
    const codeName = (guid: string | null) => byGuid('Code', guid!).getAttribute('name');
    const codesOf = (p: Passage) =>
      [...byGuid('PlainTextSelection', guidOf(p.id)).getElementsByTagNameNS(NS, 'CodeRef')].map((r) =>
        codeName(r.getAttribute('targetGUID')),
      );
    expect(codesOf(toll)).toEqual(['Pink', '2022-03-06 Violence against civilians — Boni']);
    expect(codesOf(claimOfArmy)).toEqual(['Blue']);
    const pink = all('Code').find((c) => c.getAttribute('name') === 'Pink')!;
    expect(pink.getAttribute('color')).toBe('#FBCFE8');
    expect(
      all('Code')
        .find((c) => c.getAttribute('name') === 'Incidents')
        ?.getAttribute('isCodable'),
    ).toBe('false');
  });

  it('keeps notes as memos, tied to their passage, their source, or the project', () => {
    const memo = (n: { id: string }) => byGuid('Note', guidOf(n.id));
    expect(memo(onToll).textContent).toBe('Hospital says 33 <b>dead</b> & more');
    const refs = (e: Element) =>
      [...e.children].filter((c) => c.localName === 'NoteRef').map((r) => r.getAttribute('targetGUID'));
    expect(refs(byGuid('PlainTextSelection', guidOf(toll.id)))).toEqual([guidOf(onToll.id)]);
    expect(refs(byGuid('TextSource', guidOf(ja.id)))).toEqual([guidOf(onSource.id)]);
    expect(refs(doc.documentElement)).toEqual([guidOf(free.id)]);
    expect(memo(onSource).textContent).toBe('Check against RFI.\uFFFD');
  });
});
