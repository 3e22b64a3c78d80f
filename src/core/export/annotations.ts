/**
 * Passages as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), in JSON-LD: one
 * AnnotationCollection whose page holds an annotation per passage. The bodies are the
 * highlight's colour (a tag), the notes written on the passage (comments), and the incidents
 * the passage is evidence for (links).
 *
 * The target's selectors (TextQuoteSelector, TextPositionSelector) count the text Fieldbook
 * extracted from the source, not the page or file it came from: so the target's source is that
 * text (`urn:uuid:<source id>`, plain text), and the original page its `scope`. Positions count
 * Unicode code points, as the model requires; the text kept around the quote never cuts a
 * character in half. A passage whose words are no longer in its source's text keeps its quote
 * alone: a position would point at other words.
 */
import { anchorForExport, quoteOf } from '../annotate/selectors';
import type { Incident, Note, Passage, Source } from '../model/types';

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

const urn = (id: string) => `urn:uuid:${id}`;
const when = (ms: number) => new Date(ms).toISOString();

export interface AnnotationInput {
  passages: readonly Passage[];
  /** The sources of the passages, with their texts (the selectors are worked out on them). */
  sources: readonly Source[];
  notes: readonly Note[];
  incidents: readonly Incident[];
}

type Body =
  | { type: 'TextualBody'; purpose: 'tagging'; value: string }
  | { type: 'TextualBody'; purpose: 'commenting'; value: string; format: 'text/markdown'; created: string }
  | { type: 'SpecificResource'; purpose: 'linking'; source: string };

/** The passage's selectors on the text as it is now, positions in code points. */
function selectorsOf(text: string, passage: Passage) {
  const found = anchorForExport(text, passage.target);
  if (!found) {
    // Orphaned: its quote as stored, cut to whole characters.
    const { exact, prefix, suffix } = passage.target.quote;
    const whole = (s: string) => s.replace(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/g, '');
    return [{ type: 'TextQuoteSelector', exact, prefix: whole(prefix), suffix: whole(suffix) }];
  }
  return [quoteOf(text, found.start, found.end), { type: 'TextPositionSelector', ...found.codePoints }];
}

export function annotationsJsonLd(input: AnnotationInput, now: Date = new Date()): string {
  const sources = new Map(input.sources.map((s) => [s.id, s]));
  const items = input.passages
    .filter((p) => sources.has(p.sourceId))
    .map((passage) => {
      const source = sources.get(passage.sourceId) as Source;
      const bodies: Body[] = [{ type: 'TextualBody', purpose: 'tagging', value: passage.color }];
      for (const note of input.notes)
        if (note.passageId === passage.id && note.deletedAt === undefined)
          bodies.push({
            type: 'TextualBody',
            purpose: 'commenting',
            value: note.body,
            format: 'text/markdown',
            created: when(note.createdAt),
          });
      for (const incident of input.incidents)
        if (
          incident.deletedAt === undefined &&
          incident.claims?.some((c) => c.passageIds.includes(passage.id))
        )
          bodies.push({ type: 'SpecificResource', purpose: 'linking', source: urn(incident.id) });
      const commented = bodies.some((b) => b.purpose === 'commenting');
      return {
        id: urn(passage.id),
        type: 'Annotation',
        motivation: commented ? 'commenting' : 'highlighting',
        created: when(passage.createdAt),
        modified: when(passage.updatedAt),
        body: bodies,
        target: {
          type: 'SpecificResource',
          source: {
            id: urn(source.id),
            type: 'Text',
            format: 'text/plain',
            ...(source.title ? { 'dc:title': source.title } : {}),
          },
          ...(source.url ? { scope: source.url } : {}),
          selector: selectorsOf(source.text, passage),
        },
      };
    });
  const id = `urn:fieldbook:annotations:${now.toISOString()}`;
  return JSON.stringify(
    {
      '@context': [ANNOTATION_CONTEXT, { dc: 'http://purl.org/dc/terms/' }],
      id,
      type: 'AnnotationCollection',
      label: 'Fieldbook passages',
      total: items.length,
      first: { id: `${id}:page:1`, type: 'AnnotationPage', partOf: id, startIndex: 0, items },
    },
    null,
    2,
  );
}
