import { z } from "zod";
import { envInteger, parseEnvironment, type Environment } from "@switchyard/service-runtime";

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

const maxMs = 3_600_000;

const catalogEnvSchema = z.object({
  STREAM_HEARTBEAT_MS: envInteger(1, maxMs, 20_000),
  STOCK_SIMULATION_MS: envInteger(0, maxMs, 0),
});

/** Reads {@link CatalogConfig} from `env`; throws a `ServiceConfigError` naming each invalid variable. */
export function loadCatalogConfig(env: Environment = process.env): CatalogConfig {
  const parsed = parseEnvironment(catalogEnvSchema, env);
  return { heartbeatIntervalMs: parsed.STREAM_HEARTBEAT_MS, stockSimulationMs: parsed.STOCK_SIMULATION_MS };
}
