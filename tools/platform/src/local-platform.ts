import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  ensureDevCertificate,
  frontProxyListenerName,
  frontProxyTlsListenerName,
  localDevCertificateDir,
  renderFrontProxyConfig,
  type UpstreamService,
} from "@switchyard/envoy-config";
import {
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from "@switchyard/proto/grpc/health/v1/health";
import { findFreeLoopbackPort, resolveToolBinary, workspaceRoot } from "@switchyard/launcher";
import { dependencyEnvironment, type PlatformService } from "@switchyard/topology";
import { startEdgeServer, type EdgeServer } from "./edge-server.js";
import { startManagedProcess, type ManagedProcess } from "./managed-process.js";
import type { PlatformConfig } from "./platform-config.js";

/** One running replica of a service. */
export interface PlatformReplica {
  readonly service: string;
  /** 1-based, for humans. */
  readonly number: number;
  readonly port: number;
  readonly process: ManagedProcess;
  /** `serving`: reported SERVING over grpc.health.v1; `no-health`: the app serves no health yet. */
  readonly health: "serving" | "no-health";
}

/** The running platform returned by {@link startLocalPlatform}. */
export interface RunningPlatform {
  readonly replicas: readonly PlatformReplica[];
  readonly envoy: {
    readonly process: ManagedProcess;
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

const stopGraceMs = 20_000;

async function delay(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls grpc.health.v1.Health/Check("") on a replica until it answers SERVING (or
 * UNIMPLEMENTED, for an app without health), the process exits, or the deadline passes.
 * A process offers no push signal for "serving", so a bounded poll is the readiness check.
 */
async function waitUntilServing(
  replica: { label: string; port: number; process: ManagedProcess },
  deadline: number,
): Promise<"serving" | "no-health"> {
  const client = createClient(Health, createGrpcTransport({ baseUrl: `http://127.0.0.1:${replica.port}` }));
  let last: string;
  for (;;) {
    if (replica.process.hasExited()) {
      throw new Error(
        `${replica.label} ${await replica.process.exited} before serving; last log lines:\n${await replica.process.logTail()}`,
      );
    }
    try {
      const { status } = await client.check({ service: "" }, { timeoutMs: 1000 });
      if (status === ServingStatus.SERVING) return "serving";
      last = `status ${ServingStatus[status]}`;
    } catch (error) {
      const connectError = ConnectError.from(error);
      if (connectError.code === Code.Unimplemented) return "no-health";
      last = `${Code[connectError.code]}: ${connectError.rawMessage}`;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${replica.label} did not report SERVING in time (${last}); log: ${replica.process.logPath}`,
      );
    }
    await delay(100);
  }
}

interface ListenersResponse {
  listener_statuses?: { name: string; local_address?: { socket_address?: { port_value?: number } } }[];
}

async function waitForEnvoy(
  envoy: ManagedProcess,
  adminAddressPath: string,
  deadline: number,
): Promise<{ adminUrl: string; ports: Map<string, number> }> {
  for (;;) {
    if (envoy.hasExited()) {
      throw new Error(`Envoy ${await envoy.exited}; last log lines:\n${await envoy.logTail()}`);
    }
    const address = (await readFile(adminAddressPath, "utf8").catch(() => "")).trim();
    if (address !== "") {
      const adminUrl = `http://${address}`;
      const ready = await fetch(`${adminUrl}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) {
        const listeners = (await (
          await fetch(`${adminUrl}/listeners?format=json`)
        ).json()) as ListenersResponse;
        const ports = new Map<string, number>();
        for (const status of listeners.listener_statuses ?? []) {
          const port = status.local_address?.socket_address?.port_value;
          if (port !== undefined) ports.set(status.name, port);
        }
        return { adminUrl, ports };
      }
    }
    if (Date.now() > deadline) throw new Error(`Envoy not ready in time; log: ${envoy.logPath}`);
    await delay(50);
  }
}

/**
 * Starts every service of `services` with `config.replicas` replicas each (in topology
 * order, each service once its replicas report SERVING), then Envoy in front with the
 * front-proxy config rendered from the same list. On any failure, everything started so
 * far is stopped before the error is thrown.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<RunningPlatform> {
  const { config } = options;
  const progress = options.progress ?? (() => undefined);
  const workDir = config.workDir ?? join(workspaceRoot, ".toolchain", "platform");
  const logDir = join(workDir, "logs");
  await rm(logDir, { recursive: true, force: true });
  await mkdir(logDir, { recursive: true });
  const started: ManagedProcess[] = [];
  let edge: EdgeServer | undefined;
  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    // Envoy first, so no new call reaches a replica that is going away; replicas drain in parallel.
    const envoyProcess = started.find((process) => process.label === "envoy");
    await envoyProcess?.stop(stopGraceMs);
    await Promise.all([...started.map((process) => process.stop(stopGraceMs)), edge?.close()]);
  };

  try {
    const deadline = Date.now() + config.startupTimeoutMs;
    const ports = new Map<string, number[]>();
    for (const service of options.services) {
      const servicePorts: number[] = [];
      for (let index = 0; index < config.replicas; index++) {
        servicePorts.push(
          config.servicePorts === "ephemeral" ? await findFreeLoopbackPort() : service.port + index * 100,
        );
      }
      ports.set(service.name, servicePorts);
    }
    const endpointsOf = (name: string) =>
      (ports.get(name) ?? []).map((port) => ({ host: "127.0.0.1", port }));
    const replicas: PlatformReplica[] = [];
    for (const service of options.services) {
      progress(`starting ${service.name} ×${config.replicas}…`);
      const servicePorts = ports.get(service.name) ?? [];
      const starting = servicePorts.map((port, index) => {
        const label = `${service.name} #${index + 1}`;
        const process = startManagedProcess({
          label,
          command: globalThis.process.execPath,
          args: ["--import", "tsx", `apps/${service.name}/src/main.ts`],
          cwd: workspaceRoot,
          env: {
            ...globalThis.process.env,
            // Where what it calls runs, from the topology's edges (e.g. CATALOG_URLS).
            ...dependencyEnvironment(service, endpointsOf),
            PORT: String(port),
            HOST: "127.0.0.1",
            INSTANCE_ID: `${service.name}-${index + 1}`,
            // Envoy stops first on Ctrl-C, so replicas need no long drain delay locally.
            DRAIN_DELAY_MS: globalThis.process.env["DRAIN_DELAY_MS"] ?? "500",
          },
          logPath: join(logDir, `${service.name}-${index + 1}.log`),
        });
        started.push(process);
        progress(`  ${label}: pid ${process.pid}, 127.0.0.1:${port}`);
        return { label, port, process, number: index + 1 };
      });
      const health = await Promise.all(starting.map((replica) => waitUntilServing(replica, deadline)));
      starting.forEach((replica, index) => {
        replicas.push({ service: service.name, ...replica, health: health[index] ?? "serving" });
      });
    }

    const upstreams: UpstreamService[] = options.services.map((service) => ({
      name: service.name,
      grpcServices: service.grpcServices,
      endpoints: (ports.get(service.name) ?? []).map((port) => ({ host: "127.0.0.1", port })),
      // An app without grpc.health.v1 would fail Envoy's health checks and get no traffic.
      activeHealthCheck: replicas.some(
        (replica) => replica.service === service.name && replica.health === "serving",
      ),
    }));
    edge = await startEdgeServer({
      services: options.services,
      port: config.servicePorts === "ephemeral" ? 0 : config.edgePort,
    });
    const certificate = await ensureDevCertificate(localDevCertificateDir);
    const configPath = join(workDir, "envoy.yaml");
    const adminAddressPath = join(workDir, "envoy-admin-address");
    await rm(adminAddressPath, { force: true });
    await writeFile(
      configPath,
      renderFrontProxyConfig({
        services: upstreams,
        listenerPort: config.envoyPort,
        adminPort: config.envoyAdminPort,
        tls: { port: config.envoyTlsPort, ...certificate },
        edge: { host: "127.0.0.1", port: edge.port },
        ...(config.envoyTraceCollector === undefined
          ? {}
          : { tracing: { collector: config.envoyTraceCollector } }),
      }),
    );
    progress("starting Envoy…");
    const envoyProcess = startManagedProcess({
      label: "envoy",
      command: resolveToolBinary("envoy"),
      args: [
        "-c",
        configPath,
        "--admin-address-path",
        adminAddressPath,
        // A second platform (e.g. a test) may run beside this one; hot restart would share memory.
        "--disable-hot-restart",
        "--log-level",
        "warn",
      ],
      cwd: workspaceRoot,
      env: globalThis.process.env,
      logPath: join(logDir, "envoy.log"),
    });
    started.push(envoyProcess);
    progress(`  envoy: pid ${envoyProcess.pid}`);
    const envoy = await waitForEnvoy(envoyProcess, adminAddressPath, deadline);
    edge.setEnvoyAdminUrl(envoy.adminUrl);
    for (const replica of replicas) {
      void replica.process.exited.then((how) => {
        if (!stopping) options.onReplicaExit?.(replica.process.label, how);
      });
    }
    const crashed = envoyProcess.exited.then((how) =>
      stopping ? new Promise<string>(() => undefined) : `Envoy ${how}`,
    );
    return {
      replicas,
      envoy: {
        process: envoyProcess,
        plaintextPort: envoy.ports.get(frontProxyListenerName) ?? config.envoyPort,
        tlsPort: envoy.ports.get(frontProxyTlsListenerName) ?? config.envoyTlsPort,
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
