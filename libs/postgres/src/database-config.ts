import { z } from "zod";
import { envInteger, envValue, parseEnvironment, type Environment } from "@switchyard/service-runtime";

/** How a service reaches its PostgreSQL database, read from the environment. */
export interface DatabaseConfig {
  /**
   * `DATABASE_URL`: `postgres://user:password@host:port/database`. The deploy manifests
   * build it from a secret; `npm start` points it at its local server. Unset: the service
   * keeps its state in memory (one replica, lost on restart), as unit tests do.
   */
  readonly url: string | undefined;
  /** `DATABASE_POOL_MAX`: most connections one replica holds. Default 10. */
  readonly poolMax: number;
  /**
   * `DATABASE_STATEMENT_TIMEOUT_MS`: the longest one statement may run, whatever the call's
   * deadline; the server cancels it after this (`statement_timeout`). Default 5 000.
   */
  readonly statementTimeoutMs: number;
  /**
   * `DATABASE_CONNECT_TIMEOUT_MS`: the longest a call waits for a connection (a new one or a
   * free one from the pool) before it fails UNAVAILABLE. Default 2 000.
   */
  readonly connectTimeoutMs: number;
  /**
   * `DATABASE_PROBE_INTERVAL_MS`: how often readiness checks the database; while it does
   * not answer, the service reports NOT_SERVING. Default 1 000.
   */
  readonly probeIntervalMs: number;
  /** `DATABASE_IDLE_TIMEOUT_MS`: how long an unused pooled connection stays open. Default 30 000. */
  readonly idleTimeoutMs: number;
}

const maxMs = 3_600_000;

const postgresUrl = z.string().refine(
  (text) => {
    try {
      return ["postgres:", "postgresql:"].includes(new URL(text).protocol);
    } catch {
      return false;
    }
  },
  { error: "must be a postgres:// URL" },
);

const databaseEnvSchema = z.object({
  DATABASE_URL: envValue(postgresUrl.optional()),
  DATABASE_POOL_MAX: envInteger(1, 1000, 10),
  DATABASE_STATEMENT_TIMEOUT_MS: envInteger(1, maxMs, 5000),
  DATABASE_CONNECT_TIMEOUT_MS: envInteger(1, maxMs, 2000),
  DATABASE_PROBE_INTERVAL_MS: envInteger(10, maxMs, 1000),
  DATABASE_IDLE_TIMEOUT_MS: envInteger(1, maxMs, 30_000),
});

/** Reads {@link DatabaseConfig} from `env`; throws a `ServiceConfigError` naming each invalid variable. */
export function loadDatabaseConfig(env: Environment = process.env): DatabaseConfig {
  const parsed = parseEnvironment(databaseEnvSchema, env);
  return {
    url: parsed.DATABASE_URL,
    poolMax: parsed.DATABASE_POOL_MAX,
    statementTimeoutMs: parsed.DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: parsed.DATABASE_CONNECT_TIMEOUT_MS,
    probeIntervalMs: parsed.DATABASE_PROBE_INTERVAL_MS,
    idleTimeoutMs: parsed.DATABASE_IDLE_TIMEOUT_MS,
  };
}
