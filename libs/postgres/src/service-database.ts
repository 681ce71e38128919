import type { DatabaseConfig } from "./database-config.js";
import { createDatabasePool, type DatabasePool } from "./database-pool.js";
import { migrateDatabase } from "./migrations.js";

/** Options for {@link openServiceDatabase}. */
export interface ServiceDatabaseOptions {
  readonly config: DatabaseConfig & { readonly url: string };
  /** The service's own schema, which only it reads and writes; also the pool's application name. */
  readonly schema: string;
  /** Folder of the service's versioned SQL migrations (shipped in its image). */
  readonly migrations: URL;
  readonly log: { info(message: string): void; warn(message: string): void };
}

/**
 * Opens one service's PostgreSQL: runs its pending migrations under its own schema first
 * (before the service reports SERVING; replicas starting together take turns on
 * node-pg-migrate's advisory lock, so no migration job is needed), then opens its pool,
 * logging what was applied and the idle connections lost.
 */
export async function openServiceDatabase(options: ServiceDatabaseOptions): Promise<DatabasePool> {
  const { config, schema, log } = options;
  const applied = await migrateDatabase({ url: config.url, dir: options.migrations, schema });
  if (applied.length > 0) log.info(`migrations applied: ${applied.join(", ")}`);
  return createDatabasePool(config, schema, (error) => {
    log.warn(`idle database connection lost: ${error.message}`);
  });
}
