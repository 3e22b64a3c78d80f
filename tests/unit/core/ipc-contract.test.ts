import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl, isSnapshotName } from '../../../src/core/ipc/contract';

describe('isSafeExternalUrl', () => {
  it('lets plain web addresses out to the system browser', () => {
    for (const url of [
      'https://www.rfi.fr/fr/afrique/',
      'http://example.org',
      'https://acleddata.com/?q=mali#x',
    ])
      expect(isSafeExternalUrl(url), url).toBe(true);
  });

  it('refuses every other scheme, credentials, white space and look-alikes', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://attacker/share',
      'ms-msdt:/id PCWDiagnostic',
      'https://user:pass@example.org/',
      'https://example.org/ a',
      'https:/example.org',
      ' https://example.org',
      'data:text/html,<script>alert(1)</script>',
    ])
      expect(isSafeExternalUrl(url), url).toBe(false);
  });
});

describe('isSnapshotName', () => {
  it('accepts file names and refuses paths', () => {
    expect(isSnapshotName('snapshot-20261122T075110123Z.fieldbook')).toBe(true);
    expect(isSnapshotName(`original-${'a'.repeat(64)}`)).toBe(true);
    for (const name of ['../x', 'a/b', 'a\\b', '.hidden', '', 'x..y', 7])
      expect(isSnapshotName(name), String(name)).toBe(false);
  });
});
