import {
  createDatabaseReadiness,
  isDatabaseReachable,
  openServiceDatabase,
  type DatabaseConfig,
  type DatabaseReadiness,
} from "@switchyard/postgres";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import {
  createPostgresStockStore,
  seedStockLevels,
  type PostgresStockStore,
} from "./postgres-stock-store.js";

/** The catalog's schema in its database; no other service reads it. */
export const catalogSchema = "catalog";

/** Folder of the catalog's SQL migrations. */
export const catalogMigrations = new URL("../migrations/", import.meta.url);

/** What {@link openCatalogDatabase} opened; `close` ends it all. */
export interface CatalogDatabase {
  readonly stock: PostgresStockStore;
  readonly readiness: DatabaseReadiness;
  /** Stops readiness probes and the change feed, then closes the pool. Idempotent. */
  close(): Promise<void>;
}

/** Logging hooks of {@link openCatalogDatabase}. */
export interface CatalogDatabaseLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Opens the catalog's PostgreSQL state: runs pending migrations (before the service
 * reports SERVING), inserts a level for each product of `initialStock` that has none,
 * starts the stock change feed and waits for it, and builds readiness that holds SERVING
 * only while the database answers and the change feed listens.
 */
export async function openCatalogDatabase(
  config: DatabaseConfig & { readonly url: string },
  initialStock: ReadonlyMap<string, number>,
  log: CatalogDatabaseLog,
): Promise<CatalogDatabase> {
  const database = await openServiceDatabase({
    config,
    schema: catalogSchema,
    migrations: catalogMigrations,
    log,
  });
  const stock = createPostgresStockStore(database, config.url);
  try {
    await seedStockLevels(database, initialStock);
    await stock.listening;
  } catch (error) {
    await stock.close();
    await database.close();
    throw error;
  }
  const readiness = createDatabaseReadiness({
    probe: async () => stock.isListening() && (await isDatabaseReachable(database, config.connectTimeoutMs)),
    intervalMs: config.probeIntervalMs,
    serviceNames: ["", CatalogService.typeName],
    onChange: (ready) => {
      if (ready) log.info("database reachable: SERVING");
      else log.warn("database unreachable: NOT_SERVING");
    },
  });
  let closing: Promise<void> | undefined;
  return {
    stock,
    readiness,
    close: () =>
      (closing ??= (async () => {
        readiness.stop();
        await stock.close();
        await database.close();
      })()),
  };
}
