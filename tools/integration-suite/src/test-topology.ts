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
  launchPlatform,
  type EnvoyProcess,
  type LaunchedPlatform,
  type ServiceProcess,
} from "@switchyard/launcher";
import { bundleAppsForLocalRun, type LocalAppBundles } from "@switchyard/deploy-image";
import { startTestDatabase, type TestDatabase } from "@switchyard/testing";
import { databaseUrlVariable, isCalledBy, platformServices } from "@switchyard/topology";

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
   * The PostgreSQL database of the services that own data (catalog, checkout). Default: a
   * fresh one of this topology's own ({@link startTestDatabase}), dropped by `stop()`. Pass
   * one to keep it beyond the topology (a restart on the same data) or to stop its server.
   */
  readonly database?: TestDatabase;
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
  /** `DATABASE_URL` of catalog and checkout: {@link TestTopologyOptions.database}'s, or the topology's own. */
  readonly databaseUrl: string;
  /** The self-signed certificate Envoy serves (for `localhost`, `127.0.0.1`); clients trust it as CA. */
  readonly caPath: string;
  /** {@link caPath}'s content (PEM). */
  readonly caPem: string;
  /**
   * Stops Envoy, then every replica, then the topology's own database (not one passed in);
   * removes the temporary files. Safe to call twice.
   */
  stop(): Promise<void>;
}

/**
 * Starts the platform as a test needs it: catalog and pricing with `replicas` replicas each
 * and one checkout wired to all of them, catalog and checkout keeping their state in a real
 * PostgreSQL database (see {@link TestTopologyOptions.database}), every replica a child process of its app's
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
  const workDir = await mkdtemp(join(tmpdir(), "switchyard-suite-"));
  let launched: LaunchedPlatform | undefined;
  let bundles: LocalAppBundles | undefined;
  let ownDatabase: TestDatabase | undefined;
  const stop = async (): Promise<void> => {
    await launched?.stop(2000);
    await bundles?.remove();
    await ownDatabase?.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    const database = options.database ?? (ownDatabase = await startTestDatabase({ name: "suite" }));
    const certificate = await ensureDevCertificate(join(workDir, "tls"));
    // The replicas run their bundles, as their images and npm start do.
    const appBundles = (bundles = await bundleAppsForLocalRun(platformServices.map(({ name }) => name)));
    launched = await launchPlatform({
      services: platformServices,
      entryOf: (service) => appBundles.entryOf(service.name),
      replicasOf: (service) =>
        options.replicasOf?.[service.name] ??
        (isCalledBy(service, platformServices) ? (options.replicas ?? 2) : 1),
      replicaEnv: (service) => ({
        // The suite stops replicas at the end; they need no production-length drain.
        DRAIN_DELAY_MS: "200",
        DRAIN_GRACE_MS: "2000",
        // A caller re-checks its dependencies every second, so self-healing is seen quickly.
        ...(service.dependencies.length > 0 ? { DEPENDENCY_PROBE_INTERVAL_MS: "1000" } : {}),
        ...(service.ownsData === true ? { [databaseUrlVariable]: database.url } : {}),
        ...options.replicaEnv,
      }),
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
      frontProxy: {
        workDir,
        renderConfig: (upstreams) =>
          renderFrontProxyConfig({
            services: upstreams,
            listenerPort: 0,
            adminPort: 0,
            tls: { port: 0, ...certificate },
            accessLog: false,
            ...(options.timings === undefined ? {} : { timings: options.timings }),
          }),
      },
    });
    const running = launched;
    const envoy = running.envoy;
    if (envoy === undefined) throw new Error("the front proxy did not start");
    const caPem = await readFile(certificate.certificateChainPath, "utf8");
    return {
      replicas: running.replicas,
      replicasOf: (service) => running.replicasOf(service),
      envoy,
      plaintextPort: envoy.listenerPort(frontProxyListenerName),
      tlsPort: envoy.listenerPort(frontProxyTlsListenerName),
      databaseUrl: database.url,
      caPath: certificate.certificateChainPath,
      caPem,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
