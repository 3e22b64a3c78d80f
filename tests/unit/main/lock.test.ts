import { describe, expect, it, vi } from 'vitest';

// Electron cannot run here: its power monitor and windows are stood in for.
const electron = vi.hoisted(() => {
  const handlers = new Map<string, () => void>();
  const sent: string[][] = [[], []];
  return {
    handlers,
    sent,
    powerMonitor: { on: (event: string, handler: () => void) => handlers.set(event, handler) },
    BrowserWindow: {
      getAllWindows: () =>
        sent.map((log) => ({ webContents: { send: (channel: string) => log.push(channel) } })),
    },
  };
});
vi.mock('electron', () => ({ powerMonitor: electron.powerMonitor, BrowserWindow: electron.BrowserWindow }));

import { forwardLockSignals } from '../../../src/main/lock';

describe('forwardLockSignals', () => {
  it('asks every window to lock its vault when the screen locks or the system suspends', () => {
    forwardLockSignals();
    electron.handlers.get('lock-screen')?.();
    expect(electron.sent).toEqual([['vault:lock'], ['vault:lock']]);
    electron.handlers.get('suspend')?.();
    expect(electron.sent).toEqual([
      ['vault:lock', 'vault:lock'],
      ['vault:lock', 'vault:lock'],
    ]);
    expect([...electron.handlers.keys()].sort()).toEqual(['lock-screen', 'suspend']);
  });
});
