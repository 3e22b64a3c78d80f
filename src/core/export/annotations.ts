/**
 * Passages as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), in JSON-LD: one
 * AnnotationCollection whose page holds an annotation per passage. The target is the source
 * (its URL, or a URN of its id) with the passage's TextQuoteSelector and TextPositionSelector;
 * the bodies are the highlight's colour (a tag), the notes written on the passage (comments),
 * and the incidents the passage is evidence for (links). Any tool that reads the model, such
 * as Hypothesis or Recogito, can anchor them again on the same text.
 */
import type { Incident, Note, Passage, SourceSummary } from '../model/types';

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

const urn = (id: string) => `urn:uuid:${id}`;
const when = (ms: number) => new Date(ms).toISOString();

export interface AnnotationInput {
  passages: readonly Passage[];
  sources: readonly SourceSummary[];
  notes: readonly Note[];
  incidents: readonly Incident[];
}

type Body =
  | { type: 'TextualBody'; purpose: 'tagging'; value: string }
  | { type: 'TextualBody'; purpose: 'commenting'; value: string; format: 'text/markdown'; created: string }
  | { type: 'SpecificResource'; purpose: 'linking'; source: string };

export function annotationsJsonLd(input: AnnotationInput, now: Date = new Date()): string {
  const sources = new Map(input.sources.map((s) => [s.id, s]));
  const items = input.passages
    .filter((p) => sources.has(p.sourceId))
    .map((passage) => {
      const source = sources.get(passage.sourceId) as SourceSummary;
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
          source: source.url || urn(source.id),
          ...(source.title ? { 'dc:title': source.title } : {}),
          selector: [passage.target.quote, passage.target.position],
        },
      };
    });
  return JSON.stringify(
    {
      '@context': [ANNOTATION_CONTEXT, { dc: 'http://purl.org/dc/terms/' }],
      id: `urn:fieldbook:annotations:${now.toISOString()}`,
      type: 'AnnotationCollection',
      label: 'Fieldbook passages',
      total: items.length,
      first: { type: 'AnnotationPage', startIndex: 0, items },
    },
    null,
    2,
  );
}
