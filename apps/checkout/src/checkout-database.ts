import { isDatabaseReachable, openServiceDatabase, type DatabaseConfig } from "@switchyard/postgres";
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

/** Opens checkout's PostgreSQL state (see `openServiceDatabase`) and its order store. */
export async function openCheckoutDatabase(
  config: DatabaseConfig & { readonly url: string },
  log: { info(message: string): void; warn(message: string): void },
): Promise<CheckoutDatabase> {
  const database = await openServiceDatabase({
    config,
    schema: checkoutSchema,
    migrations: checkoutMigrations,
    log,
  });
  return {
    orders: createPostgresOrderStore(database),
    isReachable: (timeoutMs) => isDatabaseReachable(database, timeoutMs),
    close: () => database.close(),
  };
}
