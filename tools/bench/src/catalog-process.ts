import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  findFreeLoopbackPort,
  scaledTimeoutMs,
  startChildProcess,
  startServiceProcess,
  workspaceRoot,
  type ServiceProcess,
} from "@switchyard/launcher";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";

/** Options for {@link startCatalogProcess}. */
export interface CatalogProcessOptions {
  /** Extra environment, e.g. the `OTEL_*` variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the process may take to log "serving" (the launcher's default when unset). */
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

/** A catalog process started by {@link startQuietCatalogProcess}. */
export interface QuietCatalogProcess {
  readonly pid: number;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts `apps/catalog/src/main.ts` with `LOG_LEVEL=warn`: without the runtime's per-call
 * info line, and so without its "serving" line too. Ready once its `grpc.health.v1` check
 * answers SERVING on a port chosen here (polled, as nothing else signals it); rejects when
 * the process ends first or after the launcher's scaled start-up bound.
 */
export async function startQuietCatalogProcess(
  env: Readonly<Record<string, string>> = {},
): Promise<QuietCatalogProcess> {
  const port = await findFreeLoopbackPort();
  const child = startChildProcess({
    label: "bench-catalog-quiet",
    command: process.execPath,
    args: ["--import", "tsx", join("apps", "catalog", "src", "main.ts")],
    cwd: workspaceRoot,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      INSTANCE_ID: "bench-catalog-quiet",
      STOCK_SIMULATION_MS: "0",
      ...env,
      LOG_LEVEL: "warn",
    },
  });
  const health = createClient(Health, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
  const timeoutMs = scaledTimeoutMs(60_000);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await health.check({}, { timeoutMs: 1000 }).then(
      (response) => response.status,
      () => undefined,
    );
    if (status === HealthCheckResponse_ServingStatus.SERVING) break;
    if (child.hasExited() || Date.now() > deadline) {
      await child.stop(1000);
      throw new Error(`bench-catalog-quiet did not serve within ${timeoutMs} ms:\n${child.outputTail()}`);
    }
    await delay(100);
  }
  return { pid: child.pid, port, stop: () => child.stop() };
}
