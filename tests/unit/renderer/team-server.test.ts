/**
 * Archives as the app opens them, in a team whose database is on a server speaking CouchDB's
 * replication protocol (the sync test server, over HTTP on 127.0.0.1), sometimes through a
 * proxy that cuts the connection mid-transfer.
 */
import 'fake-indexeddb/auto';
import PouchDB from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../../src/renderer/src/lib/data/archive';
import { openDatabase } from '../../../src/renderer/src/lib/data/db';
import { remoteHeader, TeamLink } from '../../../src/renderer/src/lib/data/team';
import { pouchDatabases } from '../../../src/renderer/src/lib/data/pouch-databases';
import { ServerNotAllowed, TeamView } from '../../../src/renderer/src/lib/state/team.svelte';
import type { Incident } from '../../../src/core/model/types';
import { incident } from '../factories';
import { cuttingProxy, startServer, type CuttingProxy, type TestServer } from './sync-server';

PouchDB.plugin(memory).plugin(http).plugin(replication);

const PASSPHRASE = 'les dunes de Tombouctou, 1987';
const quick = { kdf: { memorySize: 1024, iterations: 1 } };

let count = 0;
const base = pouchDatabases(PouchDB, 'memory');
const dbs = { ...base, open: (name: string) => base.open(`${name}-${++count}`) };

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function server(): Promise<TestServer> {
  const started = await startServer();
  cleanup.push(() => started.kill());
  return started;
}

async function proxyTo(target: TestServer): Promise<CuttingProxy> {
  const proxy = await cuttingProxy(target.port);
  cleanup.push(() => proxy.close());
  return proxy;
}

/** An archive and its team view, with test databases in place of IndexedDB's PouchDB. */
async function machine(
  allowServer: (address: string) => Promise<'ready' | 'reload' | 'refused'> = () => Promise.resolve('ready'),
  reload: () => void = () => undefined,
) {
  const archive = openArchive(openDatabase(`team-server-${Math.random()}`));
  await archive.db.open();
  const errors: unknown[] = [];
  const team = new TeamView(archive, {
    onError: (e) => errors.push(e),
    allowServer,
    reload,
    modules: () => Promise.resolve({ TeamLink, remoteHeader, dbs }),
  });
  await team.load();
  cleanup.push(() => {
    team.close();
    archive.db.close();
  });
  return { archive, team, errors };
}

type Machine = Awaited<ReturnType<typeof machine>>;

/** Awa's archive with `n` incidents and notes, sized like real entries, in a new team. */
async function awaWith(n: number): Promise<Machine> {
  const awa = await machine();
  for (let i = 0; i < n; i++) {
    await awa.archive.incidents.create({
      ...incident(),
      description: `Attaque n° ${i} près de Ségou : des hommes armés ont tué des civils au marché. `.repeat(
        8,
      ),
      fatalities: { best: i },
    });
    await awa.archive.notes.create({ body: `Note ${i} : recouper avec le communiqué du gouverneur.` });
  }
  await awa.team.create(PASSPHRASE, 'Awa Traoré', quick);
  return awa;
}

const shared = async (m: Machine) => ({
  incidents: (await m.archive.db.incidents.toArray()).sort((a, b) => a.id.localeCompare(b.id)),
  notes: (await m.archive.db.notes.toArray()).sort((a, b) => a.id.localeCompare(b.id)),
});

describe('a team on a server', () => {
  it('is joined from the server with the passphrase, and two members’ edits meet there', async () => {
    const target = await server();
    const awa = await awaWith(3);
    await awa.team.sync(`${target.url}/team`);
    expect(awa.team.server).toBe(`${target.url}/team`);

    const bakary = await machine();
    expect(await bakary.team.joinFromServer(`${target.url}/team`, 'wrong passphrase', 'Bakary')).toEqual({
      ok: false,
      error: 'wrongPassphrase',
    });
    expect(bakary.team.status).toBe('none');
    const joined = await bakary.team.joinFromServer(`${target.url}/team`, PASSPHRASE, 'Bakary Diallo');
    expect(joined).toMatchObject({ ok: true });
    expect(await shared(bakary)).toEqual(await shared(awa));
    // Awa learns of Bakary from the header at her next exchange.
    await awa.team.sync();
    expect(awa.team.members.map((m) => m.name).sort()).toEqual(['Awa Traoré', 'Bakary Diallo']);

    const [first] = await awa.archive.db.incidents.toArray();
    const edit = async (m: Machine, change: Partial<Incident>) => {
      const { id: _i, createdAt: _c, updatedAt: _u, ...rest } = (await m.archive.incidents.get(first!.id))!;
      await m.archive.incidents.update(first!.id, { ...rest, ...change });
    };
    await edit(awa, { fatalities: { best: 12 }, perpetrator: 'JNIM' });
    await edit(bakary, { fatalities: { best: 14 }, target: 'Civilians (traders)' });
    await awa.team.sync();
    await bakary.team.sync();
    await awa.team.sync();
    const [a, b] = [
      await awa.archive.incidents.get(first!.id),
      await bakary.archive.incidents.get(first!.id),
    ];
    expect(a).toEqual(b);
    expect(a!.target).toBe('Civilians (traders)');
    expect(Object.keys(a!.conflicts ?? {})).toEqual(['fatalities']);
    expect([...awa.errors, ...bakary.errors]).toEqual([]);
  });

  it('refuses a server address that holds another team, and sends nothing to it', async () => {
    const target = await server();
    const awa = await awaWith(1);
    await awa.team.sync(`${target.url}/team`);
    const other = await machine();
    await other.team.create('une autre équipe', 'Chloé', quick);
    await expect(other.team.sync(`${target.url}/team`)).rejects.toThrow(/another team/);
    const info = (await (await fetch(`${target.url}/team`)).json()) as { doc_count: number };
    expect(info.doc_count).toBe(
      (await awa.archive.db.incidents.count()) +
        1 +
        (await awa.archive.db.notes.count()) +
        (await awa.archive.db.entities.count()),
    );
  });

  it('sends nothing to a server the page may not reach, and reloads first when the policy must change', async () => {
    const target = await server();
    let reloads = 0;
    let allowed = new Set<string>();
    const awa = await machine(
      (address) => {
        const origin = new URL(address).origin;
        if (!origin.startsWith('http://127.0.0.1')) return Promise.resolve('refused');
        if (allowed.has(origin)) return Promise.resolve('ready');
        allowed = new Set([...allowed, origin]);
        return Promise.resolve('reload');
      },
      () => reloads++,
    );
    await awa.archive.incidents.create(incident());
    await awa.team.create(PASSPHRASE, 'Awa Traoré', quick);
    await expect(awa.team.sync('http://couch.example.org/team')).rejects.toThrow(ServerNotAllowed);
    await expect(awa.team.sync('http://couch.example.org/team')).rejects.toMatchObject({
      reason: 'insecure',
    });
    // First time: the address is kept and the page reloads, before any request.
    expect(await awa.team.sync(`${target.url}/team`)).toBeUndefined();
    expect(reloads).toBe(1);
    expect(awa.team.server).toBe(`${target.url}/team`);
    expect((await fetch(`${target.url}/team`)).status).toBe(404);
    // After the reload, the exchange runs.
    expect(await awa.team.sync()).toMatchObject({ quarantined: [] });
    expect((await fetch(`${target.url}/team`)).status).toBe(200);
  });

  it(
    'stores nothing the server can read: none of 1,000 markers, no member name',
    { timeout: 60_000 },
    async () => {
      const target = await server();
      const awa = await machine();
      const markers = Array.from({ length: 1000 }, (_, i) => `zq${i.toString(36)}-Tombouctou-${i * 7919}`);
      for (const [i, marker] of markers.entries()) {
        if (i % 2) await awa.archive.notes.create({ body: marker });
        else await awa.archive.incidents.create({ ...incident(), description: marker, tags: [marker] });
      }
      await awa.team.create(PASSPHRASE, 'Awa Traoré', quick);
      await awa.team.sync(`${target.url}/team`);
      const all = await (await fetch(`${target.url}/team/_all_docs?include_docs=true`)).text();
      const changes = await (
        await fetch(`${target.url}/team/_changes?style=all_docs&include_docs=true`)
      ).text();
      const stored = all + changes;
      expect((JSON.parse(all) as { rows: unknown[] }).rows.length).toBeGreaterThan(1000);
      for (const marker of markers) expect(stored.includes(marker), marker).toBe(false);
      // (Words long enough, or with letters outside base64, that ciphertext cannot hold them by chance.)
      expect(stored).not.toMatch(/Tombouctou|Awa Traoré|Traoré|Violence against civilians/);
    },
  );

  it(
    'completes after the connection is cut at any point of a transfer, with nothing half-applied',
    { timeout: 120_000 },
    async () => {
      const target = await server();
      const proxy = await proxyTo(target);
      const awa = await awaWith(15);
      const url = `${proxy.url}/team`;
      // The whole first exchange, uncut, on another database: how many bytes it takes.
      await awa.team.sync(`${proxy.url}/measure`);
      const whole = proxy.bytes();
      expect(whole).toBeGreaterThan(20_000);
      const points = Array.from({ length: 12 }, (_, i) => Math.round(((i + 0.5) * whole) / 12));
      const bakary = await machine();
      let cuts = 0;
      for (const point of points) {
        // A fresh database on the server each time: the first exchange of the team, cut at `point`.
        const db = `${url}-${point}`;
        proxy.cutAfter(point);
        await awa.team.sync(db).catch(() => undefined);
        if (proxy.cut()) cuts++;
        proxy.cutAfter(undefined);
        // What reached the server opens whole: a member pulling it now gets whole records only.
        const partial = await machine();
        if (await remoteHeader(dbs.remote(db))) {
          const joined = await partial.team.joinFromServer(db, PASSPHRASE, `Reader ${point}`);
          expect(joined.ok).toBe(true);
          const theirs = await shared(awa);
          const mine = await shared(partial);
          for (const i of mine.incidents)
            if (theirs.incidents.some((t) => t.id === i.id))
              expect(i).toEqual(theirs.incidents.find((t) => t.id === i.id));
          expect(partial.errors).toEqual([]);
        }
        // The next pass completes.
        await awa.team.sync(db);
      }
      expect(cuts).toBeGreaterThanOrEqual(10);
      // After all that, a member joining from the last database holds exactly what Awa holds.
      await bakary.team.joinFromServer(`${url}-${points.at(-1)!}`, PASSPHRASE, 'Bakary Diallo');
      expect((await shared(bakary)).incidents).toEqual((await shared(awa)).incidents);
      expect(awa.errors).toEqual([]);
    },
  );

  it(
    'brings a killed server back: restarted empty, it is filled again and both members converge',
    { timeout: 60_000 },
    async () => {
      let target = await server();
      const port = target.port;
      const awa = await awaWith(10);
      const url = `${target.url}/team`;
      await awa.team.sync(url);
      const bakary = await machine();
      await bakary.team.joinFromServer(url, PASSPHRASE, 'Bakary Diallo');
      await bakary.archive.notes.create({ body: 'Le chef de village confirme 14 morts.' });
      // Killed during Bakary's exchange, then restarted on the same port with nothing in it.
      const exchange = bakary.team.sync();
      await target.kill();
      await exchange.catch(() => undefined);
      target = await startServer(port);
      cleanup.push(() => target.kill());
      await bakary.team.sync();
      await awa.team.sync();
      await bakary.team.sync();
      expect(await shared(awa)).toEqual(await shared(bakary));
      expect((await awa.archive.db.notes.toArray()).map((n) => n.body)).toContain(
        'Le chef de village confirme 14 morts.',
      );
      expect([...awa.errors, ...bakary.errors]).toEqual([]);
    },
  );
});
