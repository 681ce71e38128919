import pg from "pg";
import type { DatabaseConfig } from "./database-config.js";

/** A connection pool of one service replica, see {@link createDatabasePool}. */
export interface DatabasePool {
  /** The underlying node-postgres pool. */
  readonly pool: pg.Pool;
  /** The configuration it was made with. */
  readonly config: DatabaseConfig & { readonly url: string };
  /**
   * The timeout for one statement of a call with `remainingMs` left before its deadline
   * (`undefined`: no deadline): the smaller of that and the configured statement timeout,
   * at least 1 ms, so a query never outlives the call that asked for it.
   */
  timeoutFor(remainingMs: number | undefined): number;
  /** Waits for checked-out connections to come back, then closes every connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Creates a node-postgres pool with the configured size, connect timeout, idle timeout and
 * a server-side `statement_timeout` on every connection, tagged with `applicationName`
 * (shown in `pg_stat_activity`). Errors of idle connections (the server restarted, the
 * network dropped) are passed to `onIdleError` instead of crashing the process; the pool
 * replaces such connections on next use.
 */
export function createDatabasePool(
  config: DatabaseConfig & { readonly url: string },
  applicationName: string,
  onIdleError: (error: Error) => void = () => undefined,
): DatabasePool {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    connectionTimeoutMillis: config.connectTimeoutMs,
    idleTimeoutMillis: config.idleTimeoutMs,
    statement_timeout: config.statementTimeoutMs,
    application_name: applicationName,
  });
  pool.on("error", onIdleError);
  let closing: Promise<void> | undefined;
  return {
    pool,
    config,
    timeoutFor: (remainingMs) =>
      Math.max(1, Math.floor(Math.min(remainingMs ?? Infinity, config.statementTimeoutMs))),
    close: () => (closing ??= pool.end()),
  };
}
