import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import {
  ensureDevCertificate,
  frontProxyListenerName,
  frontProxyTlsListenerName,
  localDevCertificateDir,
  renderFrontProxyConfig,
} from "@switchyard/envoy-config";
import {
  findFreeLoopbackPort,
  launchPlatform,
  workspaceRoot,
  type ChildProcessHandle,
  type LaunchedPlatform,
  type ServiceProcess,
} from "@switchyard/launcher";
import type { PlatformService } from "@switchyard/topology";
import { startEdgeServer, type EdgeServer } from "./edge-server.js";
import type { PlatformConfig } from "./platform-config.js";

/** The running platform returned by {@link startLocalPlatform}. */
export interface RunningPlatform {
  /** Every replica, ordered by instance id. */
  readonly replicas: readonly ServiceProcess[];
  readonly envoy: {
    readonly process: ChildProcessHandle;
    readonly plaintextPort: number;
    readonly tlsPort: number;
    readonly adminUrl: string;
  };
  /** Port of the edge server (health and reflection for the whole platform). */
  readonly edgePort: number;
  /** Where every process's log goes. */
  readonly logDir: string;
  /**
   * Resolves with a message when Envoy exits while the platform is up. A replica that exits
   * is reported to {@link LocalPlatformOptions.onReplicaExit} instead: Envoy routes around it.
   */
  readonly crashed: Promise<string>;
  /** Stops Envoy, then every replica (they drain); resolves when all have exited. */
  stop(): Promise<void>;
}

/** Options for {@link startLocalPlatform}. */
export interface LocalPlatformOptions {
  readonly config: PlatformConfig;
  readonly services: readonly PlatformService[];
  /** Called with a line of progress for humans. */
  readonly progress?: (line: string) => void;
  /** Called when a replica exits after start-up (e.g. it crashed or was killed). */
  readonly onReplicaExit?: (label: string, how: string) => void;
}

// Replicas drain within DRAIN_DELAY_MS + DRAIN_GRACE_MS; this bounds the wait for a stuck one.
const stopGraceMs = 20_000;

/**
 * Where replica `index` of a service listens: `<service port> + index * 100` (so replicas of
 * different services never collide), or a free port when the config asks for ephemeral ones.
 */
async function replicaPorts(config: PlatformConfig, services: readonly PlatformService[]) {
  const ports = new Map<string, number[]>();
  for (const service of services) {
    const servicePorts: number[] = [];
    for (let index = 0; index < config.replicas; index++) {
      servicePorts.push(
        config.servicePorts === "ephemeral" ? await findFreeLoopbackPort() : service.port + index * 100,
      );
    }
    ports.set(service.name, servicePorts);
  }
  return ports;
}

/**
 * Starts every service of `services` with `config.replicas` replicas each (callees first,
 * each wave once its replicas serve), the edge server, then Envoy in front with the
 * front-proxy config rendered from the same list, and resolves once Envoy's health checks
 * found every replica healthy. On any failure, everything started so far is stopped first.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<RunningPlatform> {
  const { config } = options;
  const workDir = config.workDir ?? join(workspaceRoot, ".toolchain", "platform");
  const logDir = join(workDir, "logs");
  await rm(logDir, { recursive: true, force: true });
  await mkdir(logDir, { recursive: true });
  let edge: EdgeServer | undefined;
  let launched: LaunchedPlatform | undefined;
  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    await launched?.stop(stopGraceMs);
    await edge?.close();
  };

  try {
    const ports = await replicaPorts(config, options.services);
    edge = await startEdgeServer({
      services: options.services,
      port: config.servicePorts === "ephemeral" ? 0 : config.edgePort,
    });
    const edgeAddress = { host: "127.0.0.1", port: edge.port };
    const certificate = await ensureDevCertificate(localDevCertificateDir);
    launched = await launchPlatform({
      services: options.services,
      replicasOf: () => config.replicas,
      portOf: (service, index) => ports.get(service.name)?.[index] ?? 0,
      // Envoy stops first on Ctrl-C, so replicas need no long drain delay locally.
      replicaEnv: () => ({ DRAIN_DELAY_MS: process.env["DRAIN_DELAY_MS"] ?? "500" }),
      logDir,
      startTimeoutMs: config.startupTimeoutMs,
      // Own process groups: a terminal's Ctrl-C reaches only the platform, which stops them in order.
      detached: true,
      ...(options.progress === undefined ? {} : { progress: options.progress }),
      frontProxy: {
        workDir,
        renderConfig: (upstreams) =>
          renderFrontProxyConfig({
            services: upstreams,
            listenerPort: config.envoyPort,
            adminPort: config.envoyAdminPort,
            tls: { port: config.envoyTlsPort, ...certificate },
            edge: edgeAddress,
            ...(config.envoyTraceCollector === undefined
              ? {}
              : { tracing: { collector: config.envoyTraceCollector } }),
          }),
      },
    });
    const envoy = launched.envoy;
    if (envoy === undefined) throw new Error("Envoy did not start");
    edge.setEnvoy(envoy);
    for (const replica of launched.replicas) {
      void replica.exited.then((how) => {
        if (!stopping) options.onReplicaExit?.(replica.instanceId, how.description);
      });
    }
    const crashed = envoy.process.exited.then((how) =>
      stopping ? new Promise<string>(() => undefined) : `Envoy ended (${how.description})`,
    );
    return {
      replicas: launched.replicas,
      envoy: {
        process: envoy.process,
        plaintextPort: envoy.listenerPort(frontProxyListenerName),
        tlsPort: envoy.listenerPort(frontProxyTlsListenerName),
        adminUrl: envoy.adminUrl,
      },
      edgePort: edge.port,
      logDir,
      crashed,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
