// Opens storage as the server runs it: the store (object store, partitions, index), the ingester over it
// (WAL, heads), and the read view the querier and the metadata endpoints use. Closing flushes the ingester
// into the store before the store lets go of the data directory.
import { openIngester, type IngesterOptions } from '../ingester/ingester.js';
import type { Ingester, IngesterConfig } from '../ingester/types.js';
import { StreamView } from '../querier/stream-view.js';
import { DEFAULT_PERIOD, type PeriodConfig } from '../storage/layout.js';
import type { ObjectStoreRef } from '../storage/object/open-store.js';
import { Store } from '../storage/store.js';

export interface StorageConfig extends IngesterConfig {
  /** <chunks_directory>: the local object store's root, unless `objects` names another store. */
  chunksDir: string;
  /** Where chunks and index live (default: a directory store at chunksDir). */
  objects?: ObjectStoreRef;
  period?: PeriodConfig;
}

export interface Storage {
  store: Store;
  ingester: Ingester;
  reader: StreamView;
  close(): Promise<void>;
}

export async function openStorage(cfg: StorageConfig, opts: IngesterOptions = {}): Promise<Storage> {
  const fsync = cfg.fsync ?? true;
  const warn = opts.warn ?? ((msg: string) => process.stderr.write(`logi store: ${msg}\n`));
  const store = await Store.open({
    dir: cfg.dir, chunksDir: cfg.chunksDir, objects: cfg.objects ?? { kind: 'fs', root: cfg.chunksDir, fsync },
    period: cfg.period ?? DEFAULT_PERIOD, fsync, warn,
  });
  let ingester: Ingester;
  try {
    ingester = await openIngester(cfg, store, opts);
  } catch (e) {
    store.close();
    throw e;
  }
  return {
    store, ingester, reader: new StreamView(store, ingester),
    close: async () => {
      try {
        await ingester.close();
      } finally {
        store.close();
      }
    },
  };
}
