import { describe, expect, it } from 'vitest';
import { annotationsJsonLd } from '../../../src/core/export/annotations';
import { anchor, describeRange } from '../../../src/core/annotate/selectors';
import { claim, incident, note, source } from '../factories';
import type { Passage } from '../../../src/core/model/types';
import type { TextPositionSelector, TextQuoteSelector } from '../../../src/core/annotate/selectors';

interface Annotation {
  id: string;
  motivation: string;
  body: unknown[];
  target: { source: string; selector: [TextQuoteSelector, TextPositionSelector] };
}

const TEXT = 'Gunmen attacked a bus near Bandiagara. At least 31 people were killed, officials said.';

describe('annotations as W3C Web Annotation JSON-LD', () => {
  const bus = source({ id: 'src-1', title: 'Bus attack', text: TEXT, url: 'https://example.org/bus' });
  const start = TEXT.indexOf('At least');
  const passage: Passage = {
    id: 'p-1',
    sourceId: bus.id,
    target: describeRange(TEXT, start, start + 'At least 31 people were killed'.length),
    color: 'green',
    createdAt: Date.UTC(2021, 11, 9),
    updatedAt: Date.UTC(2021, 11, 9),
  };
  const onPassage = note({ body: 'Hospital says 33.', sourceId: bus.id, passageId: passage.id });
  const trashedNote = note({ body: 'Gone', sourceId: bus.id, passageId: passage.id, deletedAt: 5 });
  const event = incident({ id: 'i-1', claims: [claim({ sourceId: bus.id, passageIds: [passage.id] })] });
  const orphanSource = { ...passage, id: 'p-2', sourceId: 'missing' };

  const doc = JSON.parse(
    annotationsJsonLd({
      passages: [passage, orphanSource],
      sources: [bus],
      notes: [onPassage, trashedNote],
      incidents: [event],
    }),
  ) as {
    '@context': unknown[];
    type: string;
    total: number;
    first: { items: Annotation[] };
  };

  it('is an AnnotationCollection in the W3C context, one annotation per passage of a known source', () => {
    expect(doc['@context'][0]).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(doc.type).toBe('AnnotationCollection');
    expect(doc.total).toBe(1);
    expect(doc.first.items).toHaveLength(1);
  });

  it('targets the source with both selectors, which anchor the words again in its text', () => {
    const [annotation] = doc.first.items;
    expect(annotation).toMatchObject({
      id: 'urn:uuid:p-1',
      type: 'Annotation',
      motivation: 'commenting',
      created: '2021-12-09T00:00:00.000Z',
      target: { source: 'https://example.org/bus', 'dc:title': 'Bus attack' },
    });
    const [quote, position] = annotation!.target.selector;
    expect(quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'At least 31 people were killed',
      prefix: 'attacked a bus near Bandiagara. ',
      suffix: ', officials said.',
    });
    expect(position).toEqual({ type: 'TextPositionSelector', start, end: start + 30 });
    expect(anchor(TEXT, { quote, position })).toEqual({ start, end: start + 30 });
  });

  it('carries the colour as a tag, live notes as comments, and the incidents it is evidence for as links', () => {
    expect(doc.first.items[0]!.body).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'green' },
      expect.objectContaining({ purpose: 'commenting', value: 'Hospital says 33.', format: 'text/markdown' }),
      { type: 'SpecificResource', purpose: 'linking', source: 'urn:uuid:i-1' },
    ]);
  });
});
