import { startServiceProcess } from "@switchyard/testing";

/** Options for {@link startCatalogProcess}. */
export interface CatalogProcessOptions {
  /** Extra environment, e.g. the `OTEL_*` variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the process may take to log "serving". Default 20 000 ms. */
  readonly startTimeoutMs?: number;
}

/** The catalog running as a child process (`apps/catalog/src/main.ts`). */
export interface CatalogProcess {
  /** The port it bound on 127.0.0.1 (it is started with port 0). */
  readonly port: number;
  /** SIGTERM (drain), then SIGKILL after `graceMs` (default 3000); resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `apps/catalog/src/main.ts` as production runs it, through `startServiceProcess`,
 * without the demo stock simulation. Log lines after "serving" are drained unread so
 * they cost the benchmark process nothing.
 */
export async function startCatalogProcess(options: CatalogProcessOptions = {}): Promise<CatalogProcess> {
  const catalog = await startServiceProcess({
    service: "catalog",
    instanceId: "bench-catalog",
    env: { STOCK_SIMULATION_MS: "0", ...options.env },
    retainLogLines: false,
    ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
  });
  return { port: catalog.port, stop: (graceMs = 3000) => catalog.stop(graceMs) };
}
