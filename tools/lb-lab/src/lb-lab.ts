import {
  frontProxyListenerName,
  renderFrontProxyConfig,
  renderTcpProxyConfig,
  tcpProxyListenerName,
} from "@switchyard/envoy-config";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { findFreeLoopbackPort, startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { createLabClient, type LabClient } from "./lab-client.js";
import { startLabReplica, type LabReplica } from "./lab-replica.js";

/** The three ways a client can reach K replicas. */
export type LabPath = "envoy-l4" | "envoy-l7" | "client-round-robin";

/** Human names of {@link LabPath}s. */
export const labPathNames: Readonly<Record<LabPath, string>> = {
  "envoy-l4": "Envoy L4 (tcp_proxy)",
  "envoy-l7": "Envoy L7 (HTTP router)",
  "client-round-robin": "grpc-js round_robin",
};

/** Calls per replica for one path. */
export interface Distribution {
  readonly path: LabPath;
  /** Calls answered by each replica id (every replica listed, 0 included). */
  readonly counts: ReadonlyMap<string, number>;
  readonly failed: number;
  readonly durationMs: number;
}

/** Options for {@link measureDistribution}. */
export interface DistributionOptions {
  /** Calls, all started at once on one client. Default 1000. */
  readonly calls?: number;
  /** Replicas. Default 3. */
  readonly replicas?: number;
  /** How long each call waits on the replica, so calls overlap. Default 20 ms. */
  readonly callDelayMs?: number;
  /** Paths to measure. Default all three. */
  readonly paths?: readonly LabPath[];
}

function l7Config(ports: readonly number[], healthCheckIntervalMs: number): string {
  return renderFrontProxyConfig({
    services: [
      {
        name: "echo",
        grpcServices: [EchoService.typeName],
        endpoints: ports.map((port) => ({ host: "127.0.0.1", port })),
      },
    ],
    listenerPort: 0,
    adminPort: 0,
    accessLog: false,
    timings: { healthCheckIntervalMs, healthCheckTimeoutMs: Math.min(1000, healthCheckIntervalMs * 2) },
  });
}

/** A set of resources that are all released by one `close()`, in reverse order. */
function createResources(): {
  add<T extends object>(resource: T, close: () => Promise<void> | void): T;
  close(): Promise<void>;
} {
  const closers: (() => Promise<void> | void)[] = [];
  return {
    add(resource, close) {
      closers.push(close);
      return resource;
    },
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}

async function burst(client: LabClient, ids: readonly string[], calls: number, delayMs: number) {
  const counts = new Map(ids.map((id) => [id, 0]));
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: calls }, async () => {
      try {
        const servedBy = await client.echo(delayMs);
        counts.set(servedBy, (counts.get(servedBy) ?? 0) + 1);
      } catch {
        failed++;
      }
    }),
  );
  return { counts, failed, durationMs: performance.now() - started };
}

/**
 * Starts `replicas` replicas, an L4 Envoy (tcp_proxy) and an L7 Envoy (the front-proxy
 * config) in front of them, and sends `calls` concurrent calls over ONE client per path:
 * one HTTP/2 connection through each Envoy, and a grpc-js round_robin client straight to
 * the replicas. Each client first makes a few uncounted calls so every connection is up.
 */
export async function measureDistribution(options: DistributionOptions = {}): Promise<Distribution[]> {
  const calls = options.calls ?? 1000;
  const replicaCount = options.replicas ?? 3;
  const delayMs = options.callDelayMs ?? 20;
  const paths = options.paths ?? (["envoy-l4", "envoy-l7", "client-round-robin"] as const);
  const resources = createResources();
  try {
    const replicas: LabReplica[] = [];
    for (let index = 0; index < replicaCount; index++) {
      const replica = await startLabReplica({ id: `replica-${index + 1}`, port: 0 });
      replicas.push(resources.add(replica, () => replica.close()));
    }
    const ids = replicas.map((replica) => replica.id);
    const ports = replicas.map((replica) => replica.port);
    const results: Distribution[] = [];
    for (const path of paths) {
      let target: string;
      if (path === "client-round-robin") {
        target = `ipv4:${ports.map((port) => `127.0.0.1:${port}`).join(",")}`;
      } else {
        const envoy: EnvoyProcess = await startEnvoy({
          configYaml:
            path === "envoy-l4"
              ? renderTcpProxyConfig({
                  endpoints: ports.map((port) => ({ host: "127.0.0.1", port })),
                  listenerPort: 0,
                  adminPort: 0,
                })
              : l7Config(ports, 1000),
        });
        resources.add(envoy, () => envoy.stop());
        target = `127.0.0.1:${envoy.listenerPort(path === "envoy-l4" ? tcpProxyListenerName : frontProxyListenerName)}`;
      }
      const client = createLabClient({ target, roundRobin: path === "client-round-robin" });
      resources.add(client, () => {
        client.close();
      });
      for (let warmUp = 0; warmUp < replicaCount * 3; warmUp++) await client.echo(0);
      results.push({ path, ...(await burst(client, ids, calls, delayMs)) });
    }
    return results;
  } finally {
    await resources.close();
  }
}

/** max/min of the per-replica counts (Infinity when a replica got nothing). */
export function imbalance(distribution: Distribution): number {
  const values = [...distribution.counts.values()];
  const min = Math.min(...values);
  return min === 0 ? Number.POSITIVE_INFINITY : Math.max(...values) / min;
}

/** Options for {@link measureRebalancing}. */
export interface RebalancingOptions {
  /** `envoy-l4`: through tcp_proxy; `envoy-l7`: through the front proxy. */
  readonly path: "envoy-l4" | "envoy-l7";
  /** Long-lived client connections, each kept busy. */
  readonly connections: number;
  /** Replicas' max connection age (GOAWAY); 0 = never. */
  readonly maxConnectionAgeMs: number;
  /** Replicas at the start, and replicas added while the load runs. Default 1 and 2. */
  readonly initialReplicas?: number;
  readonly addedReplicas?: number;
  /** Calls each connection keeps in flight. Default 20. */
  readonly inFlightPerConnection?: number;
  /** Give up this long after adding replicas. Default 10 000. */
  readonly maxWaitMs?: number;
}

/** What {@link measureRebalancing} saw. */
export interface Rebalancing {
  /** Time from adding replicas until every replica had a fair share, or undefined if it never did. */
  readonly fairAfterMs: number | undefined;
  /** Shares of each replica in the last window. */
  readonly lastWindowShares: ReadonlyMap<string, number>;
  readonly calls: number;
  readonly failed: number;
}

const windowMs = 500;

/**
 * Keeps `connections` client connections busy through Envoy while replicas are added, and
 * measures how long until each replica takes a fair share: in a 500 ms window, every replica
 * answers at least half of 1/K of the calls. Envoy health-checks every 250 ms, so an added
 * replica is known to Envoy within about that long.
 *
 * Long by design: one experiment's ordered steps with one cleanup path, read top to bottom.
 */
export async function measureRebalancing(options: RebalancingOptions): Promise<Rebalancing> {
  const initial = options.initialReplicas ?? 1;
  const added = options.addedReplicas ?? 2;
  const total = initial + added;
  const inFlight = options.inFlightPerConnection ?? 20;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const resources = createResources();
  try {
    const ports: number[] = [];
    for (let index = 0; index < total; index++) ports.push(await findFreeLoopbackPort());
    const startReplica = async (index: number): Promise<void> => {
      const replica = await startLabReplica({
        id: `replica-${index + 1}`,
        port: ports[index] ?? 0,
        maxConnectionAgeMs: options.maxConnectionAgeMs,
      });
      resources.add(replica, () => replica.close());
    };
    for (let index = 0; index < initial; index++) await startReplica(index);
    const envoy = await startEnvoy({
      configYaml:
        options.path === "envoy-l4"
          ? renderTcpProxyConfig({
              endpoints: ports.map((port) => ({ host: "127.0.0.1", port })),
              listenerPort: 0,
              adminPort: 0,
              healthCheckIntervalMs: 250,
            })
          : l7Config(ports, 250),
    });
    resources.add(envoy, () => envoy.stop());
    const target = `127.0.0.1:${envoy.listenerPort(options.path === "envoy-l4" ? tcpProxyListenerName : frontProxyListenerName)}`;
    const clients = Array.from({ length: options.connections }, () => createLabClient({ target }));
    for (const client of clients) {
      resources.add(client, () => {
        client.close();
      });
    }

    const events: { at: number; servedBy: string }[] = [];
    let failed = 0;
    let running = true;
    const loops = clients.flatMap((client) =>
      Array.from({ length: inFlight }, async () => {
        while (running) {
          try {
            events.push({ at: performance.now(), servedBy: await client.echo(5) });
          } catch {
            failed++;
          }
        }
      }),
    );
    const ids = ports.map((_, index) => `replica-${index + 1}`);
    const shares = (from: number, to: number): Map<string, number> => {
      const inWindow = events.filter((event) => event.at >= from && event.at < to);
      return new Map(
        ids.map((id) => [
          id,
          inWindow.length === 0
            ? 0
            : inWindow.filter((event) => event.servedBy === id).length / inWindow.length,
        ]),
      );
    };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let index = initial; index < total; index++) await startReplica(index);
    const addedAt = performance.now();
    let fairAfterMs: number | undefined;
    while (performance.now() - addedAt < maxWaitMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = performance.now();
      if (now - addedAt < windowMs) continue;
      const window = shares(now - windowMs, now);
      if ([...window.values()].every((share) => share >= 0.5 / total)) {
        fairAfterMs = now - addedAt;
        break;
      }
    }
    running = false;
    await Promise.all(loops);
    const end = performance.now();
    return { fairAfterMs, lastWindowShares: shares(end - windowMs, end), calls: events.length, failed };
  } finally {
    await resources.close();
  }
}
