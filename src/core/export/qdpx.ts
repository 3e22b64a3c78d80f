/**
 * Sources, passages and notes as a REFI-QDA project (`.qdpx`), the exchange standard that
 * QualCoder, ATLAS.ti, NVivo and MAXQDA read (https://www.qdasoftware.org): a zip holding
 * `project.qde` (XML in the `urn:QDA-XML:project:1.0` schema) and each source's plain text
 * under `Sources/`.
 *
 * - Each source is a `TextSource` whose text is the one Fieldbook extracted (the passages are
 *   anchored on it), referred to as `internal://<guid>.txt`.
 * - Each passage is a `PlainTextSelection`, coded with its highlight colour (one code per
 *   colour, in that colour) and with each incident it is evidence for (under an “Incidents”
 *   code that is not itself applied). Positions count Unicode code points, from 0.
 * - Notes are memos (`Note`): a note on a passage is referred to by its selection, one on a
 *   source by the source, a free-standing one by the project.
 * - Every element needs a GUID: records' ids are UUIDs already; any other id (and each code)
 *   gets a GUID derived from it, so the same archive always gives the same project.
 */
import { strToU8, zipSync } from 'fflate';
import { sha256 } from '@noble/hashes/sha2.js';
import { anchorForExport } from '../annotate/selectors';
import { incidentTitle, noteTitle } from '../search/documents';
import {
  PASSAGE_COLORS,
  type Incident,
  type Note,
  type Passage,
  type PassageColor,
  type Source,
} from '../model/types';

export interface QdpxInput {
  /** The sources to put in the project, with their texts. */
  sources: readonly Source[];
  passages: readonly Passage[];
  notes: readonly Note[];
  incidents: readonly Incident[];
  /** Labels in the researcher's language: the project, the colours, the incidents' code. */
  labels: { project: string; colors: Record<PassageColor, string>; incidents: string; user: string };
}

/** The highlight colours as the reader shows them. */
export const PASSAGE_RGB: Record<PassageColor, string> = {
  yellow: '#FDE68A',
  green: '#BBF7D0',
  blue: '#BFDBFE',
  pink: '#FBCFE8',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID for `id`: itself when it is a UUID, else one derived from it (always the same). */
export function guidOf(id: string): string {
  if (UUID.test(id)) return id.toLowerCase();
  const hex = [...sha256(strToU8(`fieldbook:${id}`))]
    .slice(0, 16)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Characters XML 1.0 cannot hold (controls other than tab and line breaks, lone surrogates). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- finding the control characters XML refuses is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xmlText = (s: string) =>
  s.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlAttr = (s: string) =>
  xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
const when = (ms: number) => new Date(ms).toISOString();

type Attributes = Record<string, string | number | boolean | undefined>;
const attrs = (a: Attributes) =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');

/** The project's zip: `project.qde` and the sources' texts. */
export function qdpxProject(input: QdpxInput, now: Date = new Date()): Uint8Array {
  const { labels } = input;
  const user = guidOf('user:fieldbook');
  const stamp = (created: number, modified: number) => ({
    creatingUser: user,
    creationDateTime: when(created),
    modifyingUser: user,
    modifiedDateTime: when(modified),
  });
  const sourceIds = new Set(input.sources.map((s) => s.id));
  const passages = input.passages.filter((p) => sourceIds.has(p.sourceId));
  const passageIds = new Set(passages.map((p) => p.id));
  const notes = input.notes.filter((n) => n.deletedAt === undefined);
  // Only the incidents some exported passage supports become codes.
  const supporting = new Map<string, Incident[]>();
  for (const incident of input.incidents) {
    if (incident.deletedAt !== undefined) continue;
    for (const claim of incident.claims ?? [])
      for (const id of claim.passageIds)
        if (passageIds.has(id) && !supporting.get(id)?.includes(incident))
          supporting.set(id, [...(supporting.get(id) ?? []), incident]);
  }
  const incidents = [...new Set([...supporting.values()].flat())];
  const colorCode = (color: PassageColor) => guidOf(`code:colour:${color}`);
  const incidentCode = (incident: Incident) => guidOf(`code:incident:${incident.id}`);

  const coding = (code: string, key: string, created: number) =>
    `<Coding${attrs({ guid: guidOf(`coding:${key}:${code}`), creatingUser: user, creationDateTime: when(created) })}><CodeRef${attrs({ targetGUID: code })}/></Coding>`;
  const noteRefs = (list: readonly Note[]) =>
    list.map((n) => `<NoteRef${attrs({ targetGUID: guidOf(n.id) })}/>`).join('');

  const codes = [
    ...PASSAGE_COLORS.map(
      (color) =>
        `<Code${attrs({ guid: colorCode(color), name: labels.colors[color], isCodable: true, color: PASSAGE_RGB[color] })}/>`,
    ),
    ...(incidents.length
      ? [
          `<Code${attrs({ guid: guidOf('code:incidents'), name: labels.incidents, isCodable: false })}>${incidents
            .map(
              (i) =>
                `<Code${attrs({ guid: incidentCode(i), name: `${i.date} ${incidentTitle(i)}`, isCodable: true })}>${
                  i.description ? `<Description>${xmlText(i.description)}</Description>` : ''
                }</Code>`,
            )
            .join('')}</Code>`,
        ]
      : []),
  ];

  // Grouped once, for the sources and passages that name them.
  const groupBy = <T>(list: readonly T[], key: (item: T) => string | undefined) => {
    const groups = new Map<string, T[]>();
    for (const item of list) {
      const k = key(item);
      if (k === undefined) continue;
      const group = groups.get(k);
      if (group) group.push(item);
      else groups.set(k, [item]);
    }
    return (k: string): readonly T[] => groups.get(k) ?? [];
  };
  const passagesOf = groupBy(passages, (p) => p.sourceId);
  const notesOfPassage = groupBy(notes, (n) => n.passageId);
  // A note on a passage that is exported hangs on the passage; any other note on a source, on it.
  const notesOfSource = groupBy(notes, (n) =>
    n.passageId && passageIds.has(n.passageId) ? undefined : n.sourceId,
  );

  const files: Record<string, Uint8Array> = {};
  const textSources = input.sources.map((source) => {
    const guid = guidOf(source.id);
    files[`Sources/${guid}.txt`] = strToU8(source.text);
    const selections = passagesOf(source.id)
      .map((passage) => {
        const found = anchorForExport(source.text, passage.target);
        if (!found) return '';
        const { start, end } = found;
        const codings = [
          coding(colorCode(passage.color), passage.id, passage.createdAt),
          ...(supporting.get(passage.id) ?? []).map((i) =>
            coding(incidentCode(i), passage.id, passage.createdAt),
          ),
        ].join('');
        return `<PlainTextSelection${attrs({
          guid: guidOf(passage.id),
          name: source.text.slice(start, end).replace(/\s+/g, ' ').slice(0, 80),
          startPosition: found.codePoints.start,
          endPosition: found.codePoints.end,
          ...stamp(passage.createdAt, passage.updatedAt),
        })}>${codings}${noteRefs(notesOfPassage(passage.id))}</PlainTextSelection>`;
      })
      .join('');
    const description = [source.publisher, source.publishedAt, source.url].filter(Boolean).join(' · ');
    return `<TextSource${attrs({
      guid,
      name: source.title || source.id,
      plainTextPath: `internal://${guid}.txt`,
      ...stamp(source.createdAt, source.updatedAt),
    })}>${description ? `<Description>${xmlText(description)}</Description>` : ''}${selections}${noteRefs(notesOfSource(source.id))}</TextSource>`;
  });

  // Notes on the sources exported, and free-standing notes.
  const memos = notes.filter((n) => (n.sourceId ? sourceIds.has(n.sourceId) : true));
  const freeStanding = memos.filter((n) => !n.sourceId);
  const noteElements = memos.map(
    (note) =>
      `<Note${attrs({ guid: guidOf(note.id), name: noteTitle(note) || labels.project, ...stamp(note.createdAt, note.updatedAt) })}><PlainTextContent>${xmlText(note.body)}</PlainTextContent></Note>`,
  );

  const qde = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Project${attrs({
      xmlns: 'urn:QDA-XML:project:1.0',
      name: labels.project,
      origin: 'Fieldbook',
      creatingUserGUID: user,
      creationDateTime: when(now.getTime()),
      modifyingUserGUID: user,
      modifiedDateTime: when(now.getTime()),
    })}>`,
    `<Users><User${attrs({ guid: user, name: labels.user })}/></Users>`,
    `<CodeBook><Codes>${codes.join('')}</Codes></CodeBook>`,
    textSources.length ? `<Sources>${textSources.join('')}</Sources>` : '',
    noteElements.length ? `<Notes>${noteElements.join('')}</Notes>` : '',
    noteRefs(freeStanding),
    '</Project>',
  ].join('\n');
  files['project.qde'] = strToU8(qde);
  return zipSync(files);
}
