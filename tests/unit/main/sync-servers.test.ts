import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncServers } from '../../../src/main/sync-servers';
import { cspFor, syncServerOrigin, withPolicyMeta } from '../../../src/core/security/csp';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fieldbook-servers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const connectOf = (policy: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('connect-src'));

describe('the page’s policy and the team’s server', () => {
  it('lets the page connect to its own origin only until a server is set', () => {
    expect(connectOf(cspFor())).toBe("connect-src 'self'");
    expect(connectOf(cspFor(['https://couch.example.org']))).toBe(
      "connect-src 'self' https://couch.example.org",
    );
    // Nothing but a valid origin reaches the policy: no other directive can be smuggled in.
    expect(connectOf(cspFor(["https://a.org; script-src 'unsafe-eval'", 'https://*']))).toBe(
      "connect-src 'self'",
    );
  });

  it('takes HTTPS servers, and plain HTTP on this machine only, by origin without credentials', () => {
    expect(syncServerOrigin('https://name:secret@couch.example.org:6984/team')).toBe(
      'https://couch.example.org:6984',
    );
    expect(syncServerOrigin('http://127.0.0.1:5985/team')).toBe('http://127.0.0.1:5985');
    expect(syncServerOrigin('http://localhost:5984/team')).toBe('http://localhost:5984');
    expect(syncServerOrigin('http://couch.example.org/team')).toBeNull();
    expect(syncServerOrigin('ftp://couch.example.org/team')).toBeNull();
    expect(syncServerOrigin('couch.example.org')).toBeNull();
  });

  it('puts the served policy in the page’s meta element, escaped', () => {
    const page = `<head><meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;"><title>x</title>`;
    const served = withPolicyMeta(page, cspFor(['https://couch.example.org']));
    expect(served).toContain('connect-src &#39;self&#39; https://couch.example.org');
    expect(served).toContain('<title>x</title>');
    expect(served.match(/Content-Security-Policy/g)).toHaveLength(1);
  });

  it('keeps the servers set on the desktop, refuses what is not one, and says when a reload is needed', async () => {
    const file = join(dir, 'sync-servers.json');
    const servers = syncServers(file);
    expect(servers.origins()).toEqual([]);
    expect(servers.allow('http://couch.example.org/team')).toBe('refused');
    expect(servers.allow('https://couch.example.org/team')).toBe('reload');
    expect(servers.allow('https://couch.example.org/other')).toBe('ready');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(['https://couch.example.org']);
    expect(syncServers(file).origins()).toEqual(['https://couch.example.org']);
  });

  it('allows no server from a damaged list, and says so', async () => {
    const file = join(dir, 'sync-servers.json');
    await writeFile(file, '["https://couch.example.org", "javascript:alert(1)"');
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(syncServers(file).origins()).toEqual([]);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    await writeFile(file, JSON.stringify(['https://couch.example.org', 'javascript:alert(1)', 42]));
    expect(syncServers(file).origins()).toEqual(['https://couch.example.org']);
  });
});
