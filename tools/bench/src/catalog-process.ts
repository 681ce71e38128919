import {
  startServiceProcess,
  type ReplicaEntry,
  type ServiceProcess,
  type ServiceProcessOptions,
} from "@switchyard/launcher";

/** Options for {@link startCatalogProcess}. */
export interface CatalogProcessOptions {
  /** Extra environment, e.g. the `OTEL_*` variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the process may take to log "serving" (the launcher's default when unset). */
  readonly startTimeoutMs?: number;
  /** What says it is ready (the launcher's `readyWhen`): a health check where `LOG_LEVEL` hides "serving". */
  readonly readyWhen?: ServiceProcessOptions["readyWhen"];
  /** Catalog's bundle, as its image runs it. Default: its sources under tsx. */
  readonly bundle?: ReplicaEntry;
}

/**
 * Starts catalog (its bundle when given) as production runs it, through the launcher, without
 * the demo stock simulation. Log lines after "serving" are drained unread so they cost the
 * benchmark process nothing.
 */
export async function startCatalogProcess(options: CatalogProcessOptions = {}): Promise<ServiceProcess> {
  return startServiceProcess({
    service: "catalog",
    instanceId: "bench-catalog",
    env: { STOCK_SIMULATION_MS: "0", ...options.env },
    retainLogLines: false,
    ...options.bundle,
    ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
    ...(options.readyWhen === undefined ? {} : { readyWhen: options.readyWhen }),
  });
}
