import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/core/import/failure';

/** French puts a no-break space before the unit; compared here as a plain one. */
const fr = (bytes: number) => formatBytes(bytes, 'fr').replace(/[\u00a0\u202f]/g, ' ');

describe('sizes, as the reader’s language writes them', () => {
  it('uses the units of English and of French (ko, Mo, Go), with the decimal mark of each', () => {
    expect(formatBytes(72 * 1024, 'en')).toBe('72 kB');
    expect(formatBytes(10 * 1024 ** 3, 'en')).toBe('10 GB');
    expect(formatBytes(1.5 * 1024 ** 2, 'en')).toBe('1.5 MB');
    expect(formatBytes(512, 'en')).toBe('512 bytes');
    expect(fr(72 * 1024)).toBe('72 ko');
    expect(fr(10 * 1024 ** 3)).toBe('10 Go');
    expect(fr(1.5 * 1024 ** 2)).toBe('1,5 Mo');
    expect(fr(512)).toBe('512 octets');
    // The figure never parts from its unit at the end of a line.
    expect(formatBytes(72 * 1024, 'fr')).toMatch(/^72[\u00a0\u202f]ko$/);
    // Messages made where no language is known stay English.
    expect(formatBytes(2 * 1024 ** 2)).toBe('2 MB');
  });
});
