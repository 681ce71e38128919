import {
  createDatabasePool,
  isDatabaseReachable,
  migrateDatabase,
  type DatabaseConfig,
} from "@switchyard/postgres";
import type { OrderStore } from "./order-store.js";
import { createPostgresOrderStore } from "./postgres-order-store.js";

/** Checkout's schema in its database; no other service reads it. */
export const checkoutSchema = "checkout";

/** Folder of checkout's SQL migrations. */
export const checkoutMigrations = new URL("../migrations/", import.meta.url);

/** What {@link openCheckoutDatabase} opened. */
export interface CheckoutDatabase {
  readonly orders: OrderStore;
  /** Whether the database answers within `timeoutMs`: checkout's readiness probes it. */
  isReachable(timeoutMs: number): Promise<boolean>;
  /** Waits for connections in use, then closes the pool. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens checkout's PostgreSQL state: runs pending migrations (before the service reports
 * SERVING; replicas starting together take turns on node-pg-migrate's advisory lock),
 * then opens the pool the order store uses.
 */
export async function openCheckoutDatabase(
  config: DatabaseConfig & { readonly url: string },
  log: { info(message: string): void; warn(message: string): void },
): Promise<CheckoutDatabase> {
  const applied = await migrateDatabase({ url: config.url, dir: checkoutMigrations, schema: checkoutSchema });
  if (applied.length > 0) log.info(`migrations applied: ${applied.join(", ")}`);
  const database = createDatabasePool(config, "checkout", (error) => {
    log.warn(`idle database connection lost: ${error.message}`);
  });
  return {
    orders: createPostgresOrderStore(database),
    isReachable: (timeoutMs) => isDatabaseReachable(database, timeoutMs),
    close: () => database.close(),
  };
}
