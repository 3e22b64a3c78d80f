/**
 * The vault's header in the archive, and the conversion of a clear archive into a vault.
 */
import type { DataKey, VaultHeader } from '../crypto/vault';
import type { FieldbookDb } from './db';
import { guardWrite } from './errors';
import { SEALED_TABLES, type Sealer } from './sealing';

export function vaultRepository(db: FieldbookDb, sealer: Sealer) {
  const sealedTables = () => Object.keys(SEALED_TABLES).map((name) => db.table(name));
  return {
    /** The header when the archive is a vault. */
    async header(): Promise<VaultHeader | undefined> {
      return (await db.meta.get('vault'))?.header;
    },

    /**
     * Makes the archive a vault: every record is rewritten sealed and the header stored, in one
     * transaction. If anything fails, the archive stays as it was, in clear, and so does the
     * sealer.
     */
    async seal(header: VaultHeader, key: DataKey): Promise<void> {
      sealer.unlock(key);
      try {
        await sealer.converting(() =>
          guardWrite(() =>
            db.transaction('rw', [...sealedTables(), db.meta], async () => {
              for (const table of sealedTables()) {
                const rows = await table.toArray();
                await table.clear();
                await table.bulkAdd(rows);
              }
              await db.meta.put({ id: 'vault', header });
            }),
          ),
        );
      } catch (error) {
        sealer.clear();
        throw error;
      }
    },

    /** Stores a new header (a new passphrase wrapping the same key). */
    async saveHeader(header: VaultHeader): Promise<void> {
      await guardWrite(() => db.meta.put({ id: 'vault', header }));
    },
  };
}

export type VaultRepository = ReturnType<typeof vaultRepository>;
