import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { startConnectService } from "@switchyard/connect-runtime";
import { frontProxyListenerName, renderFrontProxyConfig } from "@switchyard/envoy-config";
import { startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import type { CpuPlan } from "./cpu-pinning.js";
import { pinProcess } from "./cpu-pinning.js";
import { summarizeSamples, type UnaryCallStats } from "./measure-unary-calls.js";

/** Envoy's load-balancing policies compared. */
export type LbPolicy = "ROUND_ROBIN" | "LEAST_REQUEST";

/** How the calls of one measurement spread over the replicas. */
export interface SpreadResult extends UnaryCallStats {
  /** Calls answered by each replica, by instance id, in replica order. */
  readonly perReplica: ReadonlyMap<string, number>;
  /** Most calls on one replica divided by fewest (Infinity when one got none). */
  readonly maxOverMin: number;
  /** Share of the calls the slow replicas answered (0 when none is slow). */
  readonly slowShare: number;
  /** Calls that failed. */
  readonly failed: number;
}

/** Options for {@link startSpreadLab}. */
export interface SpreadLabOptions {
  /** Replicas behind Envoy. Default 10. */
  readonly replicas?: number;
  /** How many of them are slow (the first ones). Default 2. */
  readonly slowReplicas?: number;
  /** Handler time of a slow replica in the uneven-latency case, ms. Default 200. */
  readonly slowDelayMs?: number;
  /** Handler time of the other replicas in the uneven-latency case, ms. Default 20. */
  readonly fastDelayMs?: number;
  readonly cpuPlan: CpuPlan;
}

/** Replicas behind two Envoys (round robin and least request); see {@link startSpreadLab}. */
export interface SpreadLab {
  /**
   * `calls` calls at once on ONE HTTP/2 connection through Envoy with `policy`, every
   * replica answering after `delayMs` (even handler latency): how evenly an L7 proxy spreads
   * the calls of a single connection.
   */
  burst(policy: LbPolicy, calls: number, delayMs: number): Promise<SpreadResult>;
  /**
   * `concurrency` callers in a closed loop for `durationMs` on one connection through Envoy
   * with `policy`, the slow replicas taking `slowDelayMs` per call and the others
   * `fastDelayMs` (uneven handler latency).
   */
  uneven(
    policy: LbPolicy,
    concurrency: number,
    durationMs: number,
    signal?: AbortSignal,
  ): Promise<SpreadResult>;
  close(): Promise<void>;
}

const echoServiceName = "switchyard.testing.v1.EchoService";

async function startReplica(id: string, handlerMs: number): Promise<RunningService> {
  return startConnectService({
    name: "bench-spread",
    config: loadServiceConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      INSTANCE_ID: id,
      LOG_LEVEL: "silent",
      DRAIN_DELAY_MS: "0",
      DRAIN_GRACE_MS: "1000",
    }),
    services: [
      {
        service: EchoService,
        implementation: {
          async echo(request) {
            // delay_ms > 0: the burst case's even latency; 0: this replica's own (uneven) latency.
            const waitMs = request.delayMs > 0 ? request.delayMs : handlerMs;
            await new Promise((resolve) => setTimeout(resolve, waitMs));
            return { message: request.message };
          },
        },
      },
    ],
  });
}

function spreadOf(
  ids: readonly string[],
  servedBy: readonly string[],
  slow: ReadonlySet<string>,
): Pick<SpreadResult, "perReplica" | "maxOverMin" | "slowShare"> {
  const perReplica = new Map(ids.map((id) => [id, 0]));
  for (const id of servedBy) perReplica.set(id, (perReplica.get(id) ?? 0) + 1);
  const counts = [...perReplica.values()];
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  const slowCalls = servedBy.filter((id) => slow.has(id)).length;
  return {
    perReplica,
    maxOverMin: min > 0 ? max / min : Number.POSITIVE_INFINITY,
    slowShare: servedBy.length > 0 ? slowCalls / servedBy.length : 0,
  };
}

/**
 * Starts `replicas` EchoService replicas on the service runtime in this process (each
 * answering `x-served-by: spread-<n>`) and two Envoys in front of all of them, rendered by
 * the platform's `renderFrontProxyConfig` (the same routes, retries and HTTP/2 limits as
 * `envoy/envoy.yaml`; active health checks and the access log off), one with its clusters'
 * `lb_policy` ROUND_ROBIN as rendered, one with it switched to LEAST_REQUEST (Envoy's
 * power-of-two-choices join-shortest-queue). Envoy runs on the plan's load CPU.
 */
export async function startSpreadLab(options: SpreadLabOptions): Promise<SpreadLab> {
  const count = options.replicas ?? 10;
  const ids = Array.from({ length: count }, (_, index) => `spread-${index + 1}`);
  const slow = new Set(ids.slice(0, options.slowReplicas ?? 2));
  const replicas: RunningService[] = [];
  const envoys = new Map<LbPolicy, EnvoyProcess>();
  const close = async (): Promise<void> => {
    await Promise.all([...envoys.values()].map((envoy) => envoy.stop()));
    await Promise.all(replicas.map((replica) => replica.forceClose()));
  };
  try {
    for (const id of ids) {
      const handlerMs = slow.has(id) ? (options.slowDelayMs ?? 200) : (options.fastDelayMs ?? 20);
      replicas.push(await startReplica(id, handlerMs));
    }
    const rendered = renderFrontProxyConfig({
      services: [
        {
          name: "echo",
          grpcServices: [echoServiceName],
          endpoints: replicas.map((replica) => ({ host: "127.0.0.1", port: replica.port })),
          activeHealthCheck: false,
        },
      ],
      listenerPort: 0,
      adminPort: 0,
      accessLog: false,
    });
    for (const policy of ["ROUND_ROBIN", "LEAST_REQUEST"] as const) {
      const configYaml = rendered.replaceAll("lb_policy: ROUND_ROBIN", `lb_policy: ${policy}`);
      if (!configYaml.includes(`lb_policy: ${policy}`)) throw new Error(`no lb_policy to set to ${policy}`);
      const envoy = await startEnvoy({
        configYaml,
        args: ["--disable-hot-restart", "--log-level", "warn", "--concurrency", "1"],
      });
      envoys.set(policy, envoy);
      await pinProcess(envoy.process.pid, options.cpuPlan.loadCpu);
    }
  } catch (error) {
    await close();
    throw error;
  }
  const clientOf = (policy: LbPolicy): Client<typeof EchoService> => {
    const envoy = envoys.get(policy);
    if (envoy === undefined) throw new Error(`no Envoy with ${policy}`);
    // One transport is one HTTP/2 session: every call shares one connection to Envoy.
    return createClient(
      EchoService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}` }),
    );
  };
  return {
    async burst(policy, calls, delayMs) {
      const client = clientOf(policy);
      await client.echo({ message: "warm-up", delayMs: 1 });
      const servedBy: string[] = [];
      const latencies: number[] = [];
      let failed = 0;
      const begin = performance.now();
      await Promise.all(
        Array.from({ length: calls }, async () => {
          const started = performance.now();
          let replica = "";
          try {
            await client.echo(
              { message: "spread", delayMs },
              { onHeader: (headers) => (replica = headers.get("x-served-by") ?? "") },
            );
            latencies.push(performance.now() - started);
            servedBy.push(replica);
          } catch {
            failed += 1;
          }
        }),
      );
      const stats = summarizeSamples([{ latenciesMs: latencies, elapsedMs: performance.now() - begin }]);
      return { ...stats, ...spreadOf(ids, servedBy, slow), failed };
    },
    async uneven(policy, concurrency, durationMs, signal) {
      const client = clientOf(policy);
      const servedBy: string[] = [];
      const latencies: number[] = [];
      let failed = 0;
      const begin = performance.now();
      const deadline = begin + durationMs;
      const worker = async (): Promise<void> => {
        while (performance.now() < deadline) {
          signal?.throwIfAborted();
          const started = performance.now();
          let replica = "";
          try {
            await client.echo(
              { message: "uneven", delayMs: 0 },
              { onHeader: (headers) => (replica = headers.get("x-served-by") ?? "") },
            );
            latencies.push(performance.now() - started);
            servedBy.push(replica);
          } catch {
            failed += 1;
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const stats = summarizeSamples([{ latenciesMs: latencies, elapsedMs: performance.now() - begin }]);
      return { ...stats, ...spreadOf(ids, servedBy, slow), failed };
    },
    close,
  };
}
