import { describe, expect, it } from 'vitest';
import {
  judge,
  originalsAfter,
  snapshotName,
  snapshotsToKeep,
  snapshotTime,
  type SnapshotManifest,
} from '../../../src/core/backup/snapshots';

const at = (iso: string) => new Date(iso);
const name = (iso: string) => snapshotName(at(iso));

describe('snapshot names', () => {
  it('carry their time, to the millisecond', () => {
    const n = name('2026-11-22T07:51:10.123Z');
    expect(n).toBe('snapshot-20261122T075110123Z.json');
    expect(snapshotTime(n)?.toISOString()).toBe('2026-11-22T07:51:10.123Z');
    // Snapshots of the older format (a whole .fieldbook file) keep their time too.
    expect(snapshotTime('snapshot-20261122T075110123Z.fieldbook')?.toISOString()).toBe(
      '2026-11-22T07:51:10.123Z',
    );
    expect(snapshotTime('manifest.json')).toBeUndefined();
  });
});

describe('snapshotsToKeep', () => {
  const now = at('2026-11-22T12:00:00.000Z');

  it('keeps the newest of each hour today and of each day this month, and drops older ones', () => {
    const names = [
      name('2026-11-22T11:59:00.000Z'),
      name('2026-11-22T11:30:00.000Z'),
      name('2026-11-22T11:10:00.000Z'),
      name('2026-11-22T11:05:00.000Z'), // same hour as three newer ones, not among the three newest
      name('2026-11-22T09:40:00.000Z'),
      name('2026-11-22T09:20:00.000Z'), // older in the same hour
      name('2026-11-20T18:00:00.000Z'),
      name('2026-11-20T08:00:00.000Z'), // older on the same day
      name('2026-09-01T08:00:00.000Z'), // over thirty days old
    ];
    expect([...snapshotsToKeep(names, now)].sort()).toEqual(
      [
        name('2026-11-22T11:59:00.000Z'),
        name('2026-11-22T11:30:00.000Z'),
        name('2026-11-22T11:10:00.000Z'),
        name('2026-11-22T09:40:00.000Z'),
        name('2026-11-20T18:00:00.000Z'),
      ].sort(),
    );
  });

  it('always keeps the three newest, however old', () => {
    const old = ['2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z', '2025-01-03T00:00:00.000Z'].map(
      name,
    );
    expect(snapshotsToKeep([...old, name('2024-06-01T00:00:00.000Z')], now)).toEqual(new Set(old));
  });
});

describe('judge', () => {
  const manifest = (sources: number, notes: number, incidents: number): SnapshotManifest => ({
    version: 1,
    latest: 'snapshot-x.fieldbook',
    savedAt: '2026-11-22T07:00:00.000Z',
    counts: { sources, notes, incidents },
    snapshots: {},
  });

  it('trusts an archive with no snapshot yet, or as large as its last snapshot', () => {
    expect(judge(undefined, { sources: 0, notes: 0, incidents: 0 })).toEqual({ kind: 'ok' });
    expect(judge(manifest(3, 2, 1), { sources: 4, notes: 2, incidents: 1 })).toEqual({ kind: 'ok' });
  });

  it('calls an empty archive wiped when the journal since its last snapshot (or with none) holds records', () => {
    const empty = { sources: 0, notes: 0, incidents: 0 };
    expect(judge(undefined, empty, 5)).toEqual({ kind: 'wiped', current: empty, journaled: 5 });
    expect(judge(manifest(0, 0, 0), empty, 1).kind).toBe('wiped');
    expect(judge(undefined, empty, 0).kind).toBe('ok');
  });

  it('calls an empty archive wiped when its snapshot holds records', () => {
    expect(judge(manifest(3, 2, 1), { sources: 0, notes: 0, incidents: 0 }).kind).toBe('wiped');
    expect(judge(manifest(0, 0, 0), { sources: 0, notes: 0, incidents: 0 }).kind).toBe('ok');
  });

  it('calls an archive shrunk when any kind of record is fewer than in the snapshot', () => {
    expect(judge(manifest(3, 2, 1), { sources: 3, notes: 1, incidents: 1 }).kind).toBe('shrunk');
  });
});

describe('originalsAfter', () => {
  const s = (day: number) => snapshotName(new Date(Date.UTC(2026, 8, day)));

  it('keeps a file while a kept snapshot falls within its span', () => {
    const first = originalsAfter(undefined, [], s(1), ['original-a'], ['original-a'], new Set([s(1)]));
    expect(first).toEqual({ spans: { 'original-a': { first: s(1), last: s(1) } }, remove: [] });
    // Not held by the snapshot of the 2nd, but the 1st is still kept.
    const second = originalsAfter(first.spans, [s(1)], s(2), [], ['original-a'], new Set([s(1), s(2)]));
    expect(second.remove).toEqual([]);
    const third = originalsAfter(second.spans, [s(1), s(2)], s(3), [], ['original-a'], new Set([s(2), s(3)]));
    expect(third).toEqual({ spans: {}, remove: ['original-a'] });
  });

  it('counts a file from before spans were kept as held by every earlier snapshot', () => {
    const after = originalsAfter(undefined, [s(1), s(5)], s(9), [], ['original-old'], new Set([s(5), s(9)]));
    expect(after).toEqual({ spans: { 'original-old': { first: s(1), last: s(5) } }, remove: [] });
    expect(
      originalsAfter(undefined, [s(1), s(5)], s(9), [], ['original-old'], new Set([s(9)])).remove,
    ).toEqual(['original-old']);
  });
});
