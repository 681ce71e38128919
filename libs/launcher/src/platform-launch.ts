import { join } from "node:path";
import { dependencyEnvironment, startWaves, type PlatformService } from "@switchyard/topology";
import { startEnvoyWithin, waitForHealthyHostsWithin, type EnvoyProcess } from "./envoy-process.js";
import { startServiceProcessWithin, type ServiceProcess } from "./service-process.js";
import { scaledTimeoutMs } from "./timeout-scale.js";

/** Where one service's replicas listen, as a front proxy reaches them (an Envoy cluster). */
export interface ServiceEndpoints {
  readonly name: string;
  /** The fully-qualified gRPC services routed to it. */
  readonly grpcServices: readonly string[];
  readonly endpoints: readonly { readonly host: string; readonly port: number }[];
}

/** Envoy in front of the launched replicas. */
export interface FrontProxyLaunch {
  /** Renders Envoy's bootstrap from where every service's replicas listen. */
  renderConfig(upstreams: readonly ServiceEndpoints[]): string;
  /** Where Envoy's config and admin address file go. Default: a temporary directory. */
  readonly workDir?: string;
}

/** How a replica's process is started: its script and Node's options before it. */
export interface ReplicaEntry {
  /** The script (absolute, or relative to the workspace root). */
  readonly entry: string;
  /** Node's options before the script, e.g. `--enable-source-maps` for a bundle. */
  readonly nodeOptions: readonly string[];
}

/** Options for {@link launchPlatform}. */
export interface PlatformLaunchOptions<S extends PlatformService> {
  /** The services, with their dependency edges; started wave by wave, callees first. */
  readonly services: readonly S[];
  /** How many replicas of `service` to run. */
  replicasOf(service: S): number;
  /** Environment of every replica of `service`, on top of the targets of what it calls. */
  replicaEnv?(service: S): Readonly<Record<string, string>>;
  /**
   * What `service`'s replicas run. Default: its TypeScript sources under tsx
   * (`apps/<name>/src/main.ts`); the local platform and the test topologies pass the app's
   * bundle, as its image runs it.
   */
  entryOf?(service: S): ReplicaEntry;
  /**
   * Whether the replicas serve TLS, so a caller's URL-list variables (`CATALOG_URLS`) name
   * `https://` replicas; `replicaEnv` gives them their certificates. Default false (h2c).
   */
  readonly replicaTls?: boolean;
  /** The port of replica `index` (0-based) of `service`. Default 0: each binds a free one. */
  portOf?(service: S, index: number): number;
  /** A folder that receives one `<instance>.log` per replica and `envoy.log`. */
  readonly logDir?: string;
  /**
   * How long the whole start-up may take, Envoy's first health checks included, before
   * `SWITCHYARD_TIMEOUT_SCALE` multiplies it.
   */
  readonly startTimeoutMs: number;
  /** Called with a line of progress for humans. */
  progress?(line: string): void;
  /** Run every child in its own process group (a terminal's Ctrl-C reaches only this process). */
  readonly detached?: boolean;
  /** Envoy in front; started once every replica serves, ready once it found them all healthy. */
  readonly frontProxy?: FrontProxyLaunch;
}

/** What {@link launchPlatform} started. */
export interface LaunchedPlatform {
  /** Every replica, ordered by instance id (e.g. catalog-1, catalog-2, checkout-1, pricing-1). */
  readonly replicas: readonly ServiceProcess[];
  /** The replicas of `service`; throws when it has none. */
  replicasOf(service: string): readonly ServiceProcess[];
  /** Envoy, when a front proxy was asked for. */
  readonly envoy: EnvoyProcess | undefined;
  /** Stops Envoy first (no new call reaches a leaving replica), then every replica; safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a topology the way every Switchyard tool runs it (`npm start`, the integration
 * suite, the deploy contract tests, the benchmark): each replica a child process of its
 * app on 127.0.0.1, wave by wave so that what a service calls already serves, each caller
 * pointed at its callees' replicas through the topology's dependency edges; then, when
 * asked, Envoy in front, waited for until its health checks found every replica healthy.
 * On any failure, everything started so far is stopped before it rejects.
 */
export async function launchPlatform<S extends PlatformService>(
  options: PlatformLaunchOptions<S>,
): Promise<LaunchedPlatform> {
  const deadline = Date.now() + scaledTimeoutMs(options.startTimeoutMs);
  const remainingMs = (): number => Math.max(1000, deadline - Date.now());
  const replicas: ServiceProcess[] = [];
  let envoy: EnvoyProcess | undefined;
  let stopped = false;
  const stop = async (graceMs = 5000): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await envoy?.stop(graceMs);
    await Promise.all(replicas.map((replica) => replica.stop(graceMs)));
  };
  const endpointsOf = (name: string) =>
    replicas
      .filter((replica) => replica.service === name)
      .map((replica) => ({ host: "127.0.0.1", port: replica.port }));
  const startReplica = async (service: S, index: number): Promise<void> => {
    const instanceId = `${service.name}-${index + 1}`;
    const replica = await startServiceProcessWithin(
      {
        service: service.name,
        instanceId,
        ...options.entryOf?.(service),
        port: options.portOf?.(service, index) ?? 0,
        env: {
          ...options.replicaEnv?.(service),
          ...dependencyEnvironment(service, endpointsOf, { tls: options.replicaTls === true }),
        },
        ...(options.logDir === undefined ? {} : { logPath: join(options.logDir, `${instanceId}.log`) }),
        ...(options.detached === undefined ? {} : { detached: options.detached }),
      },
      remainingMs(),
    );
    replicas.push(replica);
    options.progress?.(`  ${instanceId}: pid ${replica.pid}, 127.0.0.1:${replica.port}`);
  };

  try {
    for (const wave of startWaves(options.services)) {
      options.progress?.(
        `starting ${wave.map((service) => `${service.name} ×${options.replicasOf(service)}`).join(", ")}…`,
      );
      const settled = await Promise.allSettled(
        wave.flatMap((service) =>
          Array.from({ length: options.replicasOf(service) }, (_, index) => startReplica(service, index)),
        ),
      );
      const failed = settled.find((outcome) => outcome.status === "rejected");
      if (failed) throw failed.reason;
    }
    replicas.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    if (options.frontProxy !== undefined) {
      options.progress?.("starting Envoy…");
      const upstreams: ServiceEndpoints[] = options.services.map(({ name, grpcServices }) => ({
        name,
        grpcServices,
        endpoints: endpointsOf(name),
      }));
      envoy = await startEnvoyWithin(
        {
          configYaml: options.frontProxy.renderConfig(upstreams),
          ...(options.frontProxy.workDir === undefined ? {} : { workDir: options.frontProxy.workDir }),
          ...(options.logDir === undefined ? {} : { logPath: join(options.logDir, "envoy.log") }),
          ...(options.detached === undefined ? {} : { detached: options.detached }),
        },
        remainingMs(),
      );
      options.progress?.(`  envoy: pid ${envoy.process.pid}`);
      const expected = new Map(upstreams.map((upstream) => [upstream.name, upstream.endpoints.length]));
      await waitForHealthyHostsWithin(envoy, expected, remainingMs());
    }
  } catch (error) {
    await stop(1000);
    throw error;
  }
  return {
    replicas,
    replicasOf(service) {
      const found = replicas.filter((replica) => replica.service === service);
      if (found.length === 0) throw new Error(`no replica of ${service}`);
      return found;
    },
    envoy,
    stop,
  };
}
