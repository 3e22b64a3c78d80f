import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from '../../../src/main/paths';

describe('resolveInside', () => {
  const root = '/opt/fieldbook/renderer';

  it('serves index.html for the root and files below the renderer folder', () => {
    expect(resolveInside(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveInside(root, '/assets/index.js')).toBe(join(root, 'assets/index.js'));
  });

  it('refuses paths that climb out of the folder, plainly or encoded', () => {
    expect(resolveInside(root, '/../main/index.js')).toBeNull();
    expect(resolveInside(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveInside(root, '/..%2frenderer-evil/x')).toBeNull();
    expect(resolveInside(root, '/%E0%A4%A')).toBeNull();
  });
});
