import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ensureDevCertificate,
  frontProxyListenerName,
  frontProxyTlsListenerName,
  renderFrontProxyConfig,
  type FrontProxyTimings,
} from "@switchyard/envoy-config";
import {
  dependencyEnvironment,
  isCalledBy,
  platformServices,
  startWaves,
  type PlatformService,
} from "@switchyard/topology";
import { startEnvoy, startServiceProcess, type EnvoyProcess, type ServiceProcess } from "@switchyard/testing";

/** Options for {@link startTestTopology}. */
export interface TestTopologyOptions {
  /**
   * Replicas of every service another service calls (catalog, pricing). Default 2. A service
   * nobody calls (checkout) runs one, wired to all replicas of what it calls.
   */
  readonly replicas?: number;
  /** Replicas of named services, overriding {@link replicas}, e.g. `{ pricing: 1 }`. */
  readonly replicasOf?: Readonly<Record<string, number>>;
  /** Environment for every replica, e.g. `DRAIN_DELAY_MS`. */
  readonly replicaEnv?: Readonly<Record<string, string>>;
  /** Overrides of the front proxy's timings (health-check interval, per-try timeout). */
  readonly timings?: Partial<FrontProxyTimings>;
  /**
   * How long start-up may take in total. Default 60 000 ms: about 4 s on an idle 2-core
   * machine, but `npm test` runs other suites beside this one.
   */
  readonly startTimeoutMs?: number;
}

/** The running topology returned by {@link startTestTopology}. */
export interface TestTopology {
  /** Every replica, ordered by instance id (e.g. catalog-1, catalog-2, checkout-1, pricing-1). */
  readonly replicas: readonly ServiceProcess[];
  /** The replicas of `service`; throws when it has none. */
  replicasOf(service: string): readonly ServiceProcess[];
  /** Envoy in front of every replica (front-proxy config rendered by libs/envoy-config). */
  readonly envoy: EnvoyProcess;
  /** Port of Envoy's plaintext listener (h2c and HTTP/1.1) on 127.0.0.1. */
  readonly plaintextPort: number;
  /** Port of Envoy's TLS listener (ALPN h2, http/1.1) on 127.0.0.1. */
  readonly tlsPort: number;
  /** The self-signed certificate Envoy serves (for `localhost`, `127.0.0.1`); clients trust it as CA. */
  readonly caPath: string;
  /** {@link caPath}'s content (PEM). */
  readonly caPem: string;
  /** Stops Envoy, then every replica; removes the temporary files. Safe to call twice. */
  stop(): Promise<void>;
}

interface ClustersJson {
  cluster_statuses?: {
    name: string;
    host_statuses?: {
      health_status?: { eds_health_status?: string; failed_active_health_check?: boolean };
    }[];
  }[];
}

/**
 * Counts the hosts of each cluster that Envoy considers healthy (`/clusters?format=json`).
 * A host is healthy when no active health check failed it and it is not pending its first check.
 */
export async function healthyHostCounts(envoy: EnvoyProcess): Promise<Map<string, number>> {
  const clusters = JSON.parse(await envoy.admin("/clusters?format=json")) as ClustersJson;
  const counts = new Map<string, number>();
  for (const cluster of clusters.cluster_statuses ?? []) {
    const healthy = (cluster.host_statuses ?? []).filter((host) => {
      const status = host.health_status ?? {};
      return (
        status.failed_active_health_check !== true &&
        !Object.keys(status).includes("pending_active_hc") &&
        (status.eds_health_status ?? "HEALTHY") === "HEALTHY"
      );
    }).length;
    counts.set(cluster.name, healthy);
  }
  return counts;
}

/**
 * Starts the platform as a test needs it: catalog and pricing with `replicas` replicas each
 * and one checkout wired to all of them, every replica a child process of its app's
 * `main.ts` on 127.0.0.1 port 0; then Envoy with the front-proxy config rendered from the
 * platform's service list, with a plaintext and a TLS listener (a dev certificate generated
 * into a temporary directory for this run). Resolves once Envoy's health checks found every
 * replica healthy. On any failure, everything started so far is stopped before it rejects.
 *
 * Child processes rather than in-process servers: the replicas run exactly as `npm start`
 * and a container run them (their own event loop, signals, environment), so SIGTERM drains
 * and SIGKILL crashes them as in production, and the suite's load does not share the test
 * runner's event loop.
 */
export async function startTestTopology(options: TestTopologyOptions = {}): Promise<TestTopology> {
  const replicaCount = (service: PlatformService) =>
    options.replicasOf?.[service.name] ??
    (isCalledBy(service, platformServices) ? (options.replicas ?? 2) : 1);
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + startTimeoutMs;
  const workDir = await mkdtemp(join(tmpdir(), "switchyard-suite-"));
  const replicas: ServiceProcess[] = [];
  let envoy: EnvoyProcess | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Envoy first, so no call reaches a replica that is going away.
    await envoy?.stop();
    await Promise.all(replicas.map((replica) => replica.stop(2000)));
    await rm(workDir, { recursive: true, force: true });
  };
  const env = {
    // The suite stops replicas at the end; they need no production-length drain.
    DRAIN_DELAY_MS: "200",
    DRAIN_GRACE_MS: "2000",
    ...options.replicaEnv,
  };
  const start = async (service: string, number: number, extraEnv: Record<string, string> = {}) => {
    const replica = await startServiceProcess({
      service,
      instanceId: `${service}-${number}`,
      env: { ...env, ...extraEnv },
      startTimeoutMs: Math.max(1000, deadline - Date.now()),
    });
    replicas.push(replica);
    return replica;
  };
  const endpointsOf = (serviceName: string) =>
    replicas
      .filter((replica) => replica.service === serviceName)
      .map((replica) => ({ host: "127.0.0.1", port: replica.port }));
  try {
    // Wave by wave: every replica of a wave in parallel, once everything it calls serves.
    for (const wave of startWaves(platformServices)) {
      const settled = await Promise.allSettled(
        wave.flatMap((service) =>
          Array.from({ length: replicaCount(service) }, (_, index) =>
            start(service.name, index + 1, {
              ...dependencyEnvironment(service, endpointsOf),
              // A caller re-checks its dependencies every second, so self-healing is seen quickly.
              ...(service.dependencies.length > 0 ? { DEPENDENCY_PROBE_INTERVAL_MS: "1000" } : {}),
            }),
          ),
        ),
      );
      const failed = settled.find((outcome) => outcome.status === "rejected");
      if (failed) throw failed.reason;
    }

    const certificate = await ensureDevCertificate(join(workDir, "tls"));
    envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: platformServices.map((service) => ({
          name: service.name,
          grpcServices: service.grpcServices,
          endpoints: replicas
            .filter((replica) => replica.service === service.name)
            .map((replica) => ({ host: "127.0.0.1", port: replica.port })),
        })),
        listenerPort: 0,
        adminPort: 0,
        tls: { port: 0, ...certificate },
        accessLog: false,
        ...(options.timings === undefined ? {} : { timings: options.timings }),
      }),
      readyTimeoutMs: Math.max(1000, deadline - Date.now()),
    });
    const runningEnvoy = envoy;
    // Envoy's first health-check round has no push signal; its admin API is polled briefly.
    for (;;) {
      const counts = await healthyHostCounts(runningEnvoy);
      const unhealthy = platformServices.filter(
        (service) =>
          (counts.get(service.name) ?? 0) <
          replicas.filter((replica) => replica.service === service.name).length,
      );
      if (unhealthy.length === 0) break;
      if (Date.now() > deadline) {
        throw new Error(
          `Envoy did not find every replica healthy within ${startTimeoutMs} ms: ${JSON.stringify([...counts])}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const caPem = await readFile(certificate.certificateChainPath, "utf8");
    replicas.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    return {
      replicas,
      replicasOf(service) {
        const found = replicas.filter((replica) => replica.service === service);
        if (found.length === 0) throw new Error(`no replica of ${service}`);
        return found;
      },
      envoy: runningEnvoy,
      plaintextPort: runningEnvoy.listenerPort(frontProxyListenerName),
      tlsPort: runningEnvoy.listenerPort(frontProxyTlsListenerName),
      caPath: certificate.certificateChainPath,
      caPem,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
