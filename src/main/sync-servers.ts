/**
 * The team servers the researcher has set, kept beside the archive in the user-data folder:
 * the only origins, besides the app's own, that the page's policy lets it connect to (see
 * core/security/csp.ts). Only origins are kept, never an address's user name or password.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { syncServerOrigin } from '../core/security/csp';

export type AllowOutcome = 'ready' | 'reload' | 'refused';

export interface SyncServers {
  origins(): readonly string[];
  /** Lets the page connect to `address`'s origin (from its next load, if it is new). */
  allow(address: string): AllowOutcome;
}

export function syncServers(file: string): SyncServers {
  const read = (): string[] => {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      return Array.isArray(parsed)
        ? parsed.filter((o): o is string => typeof o === 'string' && syncServerOrigin(o) === o)
        : [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        console.error(`The list of team servers in ${file} could not be read; none is allowed`, error);
      return [];
    }
  };
  let origins = read();
  return {
    origins: () => origins,
    allow(address) {
      const origin = syncServerOrigin(address);
      if (!origin) return 'refused';
      if (origins.includes(origin)) return 'ready';
      const next = [...origins, origin];
      writeFileSync(`${file}.tmp`, JSON.stringify(next));
      renameSync(`${file}.tmp`, file);
      origins = next;
      return 'reload';
    },
  };
}
