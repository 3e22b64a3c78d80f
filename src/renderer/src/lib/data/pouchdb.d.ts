/**
 * What the app and its tests use of PouchDB. (DefinitelyTyped's @types/pouchdb-core declares a
 * global `Buffer` that breaks Node's own types.)
 */
declare module 'pouchdb-core' {
  export interface Database {
    get(id: string, options?: object): Promise<Record<string, unknown> & { _id: string; _rev: string }>;
    put(doc: object): Promise<{ ok: boolean; id: string; rev: string }>;
    bulkDocs(docs: object[], options?: object): Promise<unknown[]>;
    changes(
      options: object,
    ): Promise<{ results: { id: string; seq: number | string }[]; last_seq: number | string }>;
    allDocs(options?: object): Promise<{ rows: { id: string; doc?: unknown }[] }>;
    info(): Promise<{ update_seq: number | string; doc_count: number }>;
    destroy(): Promise<void>;
    replicate: { to(target: Database): Promise<unknown>; from(source: Database): Promise<unknown> };
  }
  interface ReplicationInfo {
    ok?: boolean;
    status?: string;
    docs_written: number;
    docs_read: number;
  }
  interface Replication extends Promise<ReplicationInfo> {
    cancel(): void;
    on(event: 'change', listener: (info: ReplicationInfo) => void): void;
  }
  interface PouchDBStatic {
    new (
      name: string,
      options?: { adapter?: string; auto_compaction?: boolean; skip_setup?: boolean },
    ): Database;
    plugin(plugin: unknown): PouchDBStatic;
    replicate(
      source: Database,
      target: Database,
      options?: { batch_size?: number; batches_limit?: number },
    ): Replication;
  }
  const PouchDB: PouchDBStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-idb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
