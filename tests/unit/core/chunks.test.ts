import { describe, expect, it } from 'vitest';
import { creationOrder, cutChunks, keyOf } from '../../../src/core/backup/chunks';

const record = (i: number, title = `Report ${i}`) => ({ id: `id-${i}`, createdAt: 1000 + i, title });
const cut = (records: object[]) =>
  cutChunks(
    [...records].sort(creationOrder).map((r) => ({ key: keyOf(r), json: JSON.stringify(r) })),
    8,
  ).map((chunk) => chunk.join(','));

describe('snapshot chunks', () => {
  const archive = Array.from({ length: 400 }, (_, i) => record(i));

  it('cuts the same records into the same chunks, whatever order they are read in', () => {
    expect(cut([...archive].reverse())).toEqual(cut(archive));
    expect(cut(archive).length).toBeGreaterThan(20);
  });

  it('leaves every earlier chunk as it was when records are added (an import)', () => {
    const before = cut(archive);
    const after = cut([...archive, ...Array.from({ length: 100 }, (_, i) => record(400 + i))]);
    const shared = before.filter((chunk) => after.includes(chunk));
    // Only the last chunk, which the new records join, is new.
    expect(shared.length).toBe(before.length - 1);
  });

  it('changes one chunk when one record is edited, and at most two when one is removed', () => {
    const before = cut(archive);
    const edited = cut(archive.map((r) => (r.id === 'id-200' ? record(200, 'Edited') : r)));
    expect(edited.filter((c) => !before.includes(c))).toHaveLength(1);
    const removed = cut(archive.filter((r) => r.id !== 'id-123'));
    expect(removed.filter((c) => !before.includes(c)).length).toBeLessThanOrEqual(1);
    expect(before.filter((c) => !removed.includes(c)).length).toBeLessThanOrEqual(2);
  });

  it('orders by creation, then by key, so that records without a date still come in one order', () => {
    const undated = [{ id: 'b' }, { id: 'a' }, { sha256: 'c' }];
    expect([...undated].sort(creationOrder).map(keyOf)).toEqual(['a', 'b', 'c']);
  });
});
