/** The catalog's own settings, read from the environment next to the runtime's `ServiceConfig`. */
export interface CatalogConfig {
  /**
   * `STREAM_HEARTBEAT_MS`: how long a WatchStockLevels stream may stay quiet
   * before a heartbeat is sent. Default 20 000: a third of an AWS ALB's 60 s
   * idle timeout, which HTTP/2 PINGs do not reset.
   */
  readonly heartbeatIntervalMs: number;
  /**
   * `STOCK_SIMULATION_MS`: when above 0, the in-memory stock changes one
   * product's level at this interval, so a demo stream has something to show.
   * Default 0 (off).
   */
  readonly stockSimulationMs: number;
}

function milliseconds(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > 3_600_000) {
    throw new Error(`${name} must be a whole number of milliseconds from ${min} to 3600000 (got "${text}")`);
  }
  return value;
}

/** Reads {@link CatalogConfig} from `env`; throws naming the variable when one is invalid. */
export function loadCatalogConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): CatalogConfig {
  return {
    heartbeatIntervalMs: milliseconds(env, "STREAM_HEARTBEAT_MS", 20_000, 1),
    stockSimulationMs: milliseconds(env, "STOCK_SIMULATION_MS", 0, 0),
  };
}
