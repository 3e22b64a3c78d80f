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
      // The selectors count Fieldbook's text of the page, so that text is the source, and the
      // page it was read from its scope.
      target: {
        type: 'SpecificResource',
        source: { id: 'urn:uuid:src-1', type: 'Text', format: 'text/plain', 'dc:title': 'Bus attack' },
        scope: 'https://example.org/bus',
      },
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

describe('annotation positions, as the model counts them', () => {
  const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  const exported = (text: string, start: number, end: number) => {
    const src = source({ id: 'src-e', title: 'Émojis', text, url: '' });
    const passage: Passage = {
      id: 'p-e',
      sourceId: src.id,
      target: describeRange(text, start, end),
      color: 'yellow',
      createdAt: 1,
      updatedAt: 1,
    };
    const raw = annotationsJsonLd({ passages: [passage], sources: [src], notes: [], incidents: [] });
    return {
      raw,
      doc: JSON.parse(raw) as {
        id: string;
        first: { id: string; type: string; partOf?: string; items: Annotation[] };
      },
    };
  };

  it('counts Unicode code points, not UTF-16 units: an emoji before the words counts one', () => {
    const text = '🔥 Gunmen attacked a bus near Bandiagara. At least 31 people were killed.';
    const start = text.indexOf('At least');
    const { doc } = exported(text, start, start + 'At least 31 people'.length);
    const [quote, position] = doc.first.items[0]!.target.selector;
    expect(position).toEqual({ type: 'TextPositionSelector', start: start - 1, end: start - 1 + 18 });
    // Read back by code points, the positions give the words.
    expect([...text].slice(position.start, position.end).join('')).toBe(quote.exact);
  });

  it('never cuts an emoji in half in the text kept around the words', () => {
    // The 32 units before the words begin in the middle of the emoji.
    const text = `x🔥${'a'.repeat(31)}Gunmen attacked the camp 🔥 and left.`;
    const start = text.indexOf('Gunmen');
    // A range that ends between the emoji's two halves.
    const { raw, doc } = exported(text, start, start + 'Gunmen attacked the camp '.length + 1);
    const [quote] = doc.first.items[0]!.target.selector;
    expect(LONE.test(quote.prefix)).toBe(false);
    expect(quote.prefix).toBe('a'.repeat(31));
    expect(LONE.test(raw)).toBe(false);
    // Words that end inside an emoji take the whole emoji.
    expect(quote.exact).toBe('Gunmen attacked the camp 🔥');
  });

  it('gives the page of annotations an id of its own, within its collection', () => {
    const { doc } = exported('Gunmen attacked a bus.', 0, 6);
    expect(doc.first.type).toBe('AnnotationPage');
    expect(doc.first.id).toMatch(/^urn:/);
    expect(doc.first.id).not.toBe(doc.id);
    expect(doc.first.partOf).toBe(doc.id);
  });
});
