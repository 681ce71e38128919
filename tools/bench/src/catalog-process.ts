import { startServiceProcess, type ServiceProcess } from "@switchyard/launcher";

/** Options for {@link startCatalogProcess}. */
export interface CatalogProcessOptions {
  /** Extra environment, e.g. the `OTEL_*` variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the process may take to log "serving". Default 20 000 ms. */
  readonly startTimeoutMs?: number;
}

/**
 * Starts `apps/catalog/src/main.ts` as production runs it, through the launcher, without
 * the demo stock simulation. Log lines after "serving" are drained unread so they cost the
 * benchmark process nothing.
 */
export async function startCatalogProcess(options: CatalogProcessOptions = {}): Promise<ServiceProcess> {
  return startServiceProcess({
    service: "catalog",
    instanceId: "bench-catalog",
    env: { STOCK_SIMULATION_MS: "0", ...options.env },
    retainLogLines: false,
    ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
  });
}
