/**
 * Team sync on loopback: a first sync of 10,000 records and an incremental sync of 100 changes,
 * through the sync test server (npm run sync:server's, in this process) behind a proxy that
 * counts the bytes. The archives are the app's (Dexie, with the journal and the sealing, over
 * fake-indexeddb); the replicas are PouchDB over its memory adapter (the app uses `idb`).
 *
 * Baseline, in the same run: the same records replicated as plain JSON documents (no sealing,
 * no stamps, no merge) between the same kind of databases — what the protocol alone costs.
 *
 *   npm run bench:sync [-- --records=10000 --changes=100 --runs=3]
 *
 * Targets: first sync ≤ 60 s, incremental ≤ 2 s.
 */
import 'fake-indexeddb/auto';
import PouchDB from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import { openArchive, type Archive } from '../src/renderer/src/lib/data/archive';
import { openDatabase } from '../src/renderer/src/lib/data/db';
import { TeamLink } from '../src/renderer/src/lib/data/team';
import { pouchDatabases } from '../src/renderer/src/lib/data/pouch-databases';
import { createTeam, joinTeam } from '../src/core/sync/team';
import type { Incident, Note, Passage, Source } from '../src/core/model/types';
import { cuttingProxy, startServer } from '../tests/unit/renderer/sync-server';
import { arg, median } from './cli';
import { corpus } from './corpus';

PouchDB.plugin(memory).plugin(http).plugin(replication);

const RECORDS = arg('records', 10_000);
const CHANGES = arg('changes', 100);
const RUNS = arg('runs', 3);
const PASSPHRASE = 'bench passphrase for the team';
const quick = { kdf: { memorySize: 1024, iterations: 1 } };

let count = 0;
const base = pouchDatabases(PouchDB, 'memory');
const dbs = { ...base, open: (name: string) => base.open(`${name}-${++count}`) };

/** An archive shaped as a researcher's: 60 % sources (~3 KB of text), 20 % notes, 10 % incidents, 10 % passages. */
function records(n: number) {
  const docs = corpus({ count: Math.round(n * 0.6), seed: 7 });
  const at = Date.UTC(2026, 10, 1);
  const sources: Source[] = docs.map((d, i) => ({
    id: `src-${i}`,
    title: d.title ?? `Dispatch ${i}`,
    text: d.text,
    publisher: ['AFP', 'RFI', 'Reuters', 'Le Monde'][i % 4]!,
    author: '',
    url: `https://example.org/${i}`,
    publishedAt: '2022-03-07',
    language: i % 3 ? 'en' : 'fr',
    tags: ['Mali'],
    origin: { kind: 'manual' },
    createdAt: at + i,
    updatedAt: at + i,
  }));
  const notes: Note[] = Array.from({ length: Math.round(n * 0.2) }, (_, i) => ({
    id: `note-${i}`,
    sourceId: `src-${i % sources.length}`,
    body: `Recouper avec le communiqué du gouverneur de Ségou, note ${i}. Check the figures against the UN report.`,
    createdAt: at + i,
    updatedAt: at + i,
  }));
  const incidents: Incident[] = Array.from({ length: Math.round(n * 0.1) }, (_, i) => ({
    id: `inc-${i}`,
    date: '2022-03-07',
    datePrecision: 'day',
    location: { name: 'Boni', admin1: 'Mopti', country: 'Mali' },
    eventType: 'Violence against civilians',
    subEventType: 'Attack',
    perpetrator: 'JNIM',
    target: 'Civilians',
    fatalities: { best: i % 40 },
    description: `Gunmen attacked the market, incident ${i}.`,
    tags: [],
    sourceIds: [`src-${i % sources.length}`],
    createdAt: at + i,
    updatedAt: at + i,
  }));
  const passages: Passage[] = Array.from(
    { length: n - sources.length - notes.length - incidents.length },
    (_, i) => ({
      id: `pas-${i}`,
      sourceId: `src-${i % sources.length}`,
      color: 'yellow',
      target: {
        quote: { type: 'TextQuoteSelector', exact: 'at least 31', prefix: 'killed ', suffix: ' people' },
        position: { type: 'TextPositionSelector', start: 10, end: 21 },
      },
      createdAt: at + i,
      updatedAt: at + i,
    }),
  );
  return { sources, notes, incidents, passages };
}

async function archiveWith(data: ReturnType<typeof records>): Promise<Archive> {
  const archive = openArchive(openDatabase(`bench-sync-${Math.random()}`));
  await archive.db.open();
  await archive.db.sources.bulkPut(data.sources);
  await archive.db.notes.bulkPut(data.notes);
  await archive.db.incidents.bulkPut(data.incidents);
  await archive.db.passages.bulkPut(data.passages);
  return archive;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

const server = await startServer();
const proxy = await cuttingProxy(server.port);
const data = records(RECORDS);
const total = data.sources.length + data.notes.length + data.incidents.length + data.passages.length;
console.log(
  `${total} records (${data.sources.length} sources, ${data.notes.length} notes, ${data.incidents.length} incidents, ${data.passages.length} passages), ${CHANGES} changes, ${RUNS} runs\n`,
);

const figures: Record<string, number[]> = {};
const add = (name: string, value: number) => (figures[name] ??= []).push(value);

for (let run = 0; run < RUNS; run++) {
  const url = `${proxy.url}/team-${run}`;
  // Baseline: the same records as plain documents, one replication to the server.
  const plain = dbs.open('plain');
  await plain.bulkDocs(
    [...data.sources, ...data.notes, ...data.incidents, ...data.passages].map((r) => ({ ...r, _id: r.id })),
  );
  proxy.reset();
  const [, plainMs] = await timed(() => dbs.replicate(plain, dbs.remote(`${proxy.url}/plain-${run}`), {}));
  add('baseline: plain replication, send', plainMs);
  add('baseline bytes', proxy.bytes());

  const awaArchive = await archiveWith(data);
  const awa = await TeamLink.begin(
    awaArchive.db,
    awaArchive.journal,
    dbs,
    await createTeam(PASSPHRASE, 'Awa', quick),
    (e) => {
      throw e;
    },
  );
  const [, shareMs] = await timed(() => awa.shareAll(() => undefined));
  add('share: seal and stamp every record into the replica', shareMs);
  proxy.reset();
  const [, sendMs] = await timed(() => awa.syncWith(url));
  add('first sync, sending member', sendMs);
  add('first sync bytes, sending', proxy.bytes());

  // A member with an empty archive joins from the server and takes in all of it.
  const bakaryArchive = openArchive(openDatabase(`bench-sync-${Math.random()}`));
  await bakaryArchive.db.open();
  const joined = await joinTeam(awa.state.header, PASSPHRASE, 'Bakary');
  if (!joined.ok) throw new Error(joined.error);
  const bakary = await TeamLink.begin(bakaryArchive.db, bakaryArchive.journal, dbs, joined.state, (e) => {
    throw e;
  });
  proxy.reset();
  const [first, receiveMs] = await timed(() => bakary.syncWith(url));
  add('first sync, receiving member (join: receive, open, merge, write)', receiveMs);
  add('first sync bytes, receiving', proxy.bytes());
  if ((await bakaryArchive.db.sources.count()) !== data.sources.length || first.quarantined.length)
    throw new Error('the receiving member does not hold every record');

  // 100 changes on Awa's side, then one exchange each.
  for (let i = 0; i < CHANGES; i++) {
    const id = `inc-${(i * 7) % data.incidents.length}`;
    const incident = (await awaArchive.db.incidents.get(id))!;
    await awaArchive.db.incidents.put({ ...incident, fatalities: { best: 100 + i }, updatedAt: Date.now() });
  }
  await awa.published();
  proxy.reset();
  const [, incSendMs] = await timed(() => awa.syncWith(url));
  add('incremental sync, sending member', incSendMs);
  const incSendBytes = proxy.bytes();
  proxy.reset();
  const [incremental, incReceiveMs] = await timed(() => bakary.syncWith(url));
  add('incremental sync, receiving member', incReceiveMs);
  add('incremental bytes, both', incSendBytes + proxy.bytes());
  if (incremental.applied < CHANGES / 7) throw new Error(`only ${incremental.applied} records came in`);
  awa.close();
  bakary.close();
  awaArchive.db.close();
  bakaryArchive.db.close();
  await plain.destroy();
}

const baseline = median(figures['baseline: plain replication, send']!);
console.log('| step | median | vs baseline | runs |\n|---|---|---|---|');
for (const [name, values] of Object.entries(figures)) {
  const m = median(values);
  const isBytes = name.includes('bytes');
  console.log(
    `| ${name} | ${isBytes ? megabytes(m) : seconds(m)} | ${isBytes ? '' : `${(m / baseline).toFixed(2)}×`} | ${values
      .map((v) => (isBytes ? megabytes(v) : seconds(v)))
      .join(', ')} |`,
  );
}
const firstSync =
  median(figures['first sync, sending member']!) +
  median(figures['first sync, receiving member (join: receive, open, merge, write)']!);
const incremental =
  median(figures['incremental sync, sending member']!) +
  median(figures['incremental sync, receiving member']!);
console.log(`\nFirst sync of ${total} records, both sides: ${seconds(firstSync)} (target ≤ 60 s)`);
console.log(`Incremental sync of ${CHANGES} changes, both sides: ${seconds(incremental)} (target ≤ 2 s)`);
await proxy.close();
await server.kill();
process.exit(0);
