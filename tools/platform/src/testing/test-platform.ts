import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Interceptor } from "@connectrpc/connect";
import { frontProxyListenerName, frontProxyTlsListenerName } from "@switchyard/envoy-config";
import { startEnvoy, waitForHealthyHosts, type EnvoyProcess } from "@switchyard/launcher";
import { platformServices } from "@switchyard/topology";
import { parse, stringify } from "yaml";
import { startLocalPlatform, type RunningPlatform } from "../local-platform.js";
import { platformAccessToken } from "../platform-auth.js";
import { loadPlatformConfig } from "../platform-config.js";

/** The local platform a test started, in a work directory of its own. */
export interface TestPlatform {
  readonly platform: RunningPlatform;
  /** Its work directory: logs, Envoy's config, PostgreSQL's cluster, the dev issuer's CLI credentials. */
  readonly workDir: string;
  /** An `authorization` header value: a token of the dev issuer's CLI client with `scopes`, as `npm run token` gets one. */
  authorization(scopes: readonly string[]): Promise<string>;
  /** An interceptor sending {@link TestPlatform.authorization}'s header on every call. */
  bearer(scopes: readonly string[]): Promise<Interceptor>;
  /**
   * Restarts Envoy as an operator (or an orchestrator) would: stops it, which ends every open
   * connection and stream at once, awaits `whileDown` (e.g. the page showing that it lost its
   * stream), then starts Envoy again with the same configuration on the same listener ports,
   * and resolves with it once it is ready and has found every replica healthy. The
   * platform's `envoy` still names the first one; {@link stop} stops the new one too.
   */
  restartEnvoy(whileDown?: () => Promise<void>): Promise<EnvoyProcess>;
  /** Stops the platform and removes its work directory. */
  stop(): Promise<void>;
}

interface EnvoyBootstrap {
  admin: { address: { socket_address: { port_value: number } } };
  static_resources: {
    listeners: { name: string; address: { socket_address: { port_value: number } } }[];
  };
}

/**
 * Starts the local platform as `npm start` does (PostgreSQL, one replica of every service,
 * the dev issuer, the edge server, Envoy), on free ports and in a temporary work directory,
 * with `process.env` and then `env` as its environment.
 */
export async function startTestPlatform(
  name: string,
  env: Readonly<Record<string, string>> = {},
): Promise<TestPlatform> {
  const workDir = await mkdtemp(join(tmpdir(), `switchyard-${name}-`));
  // The platform's PostgreSQL keeps its cluster under it; run as root, the server is `nobody`.
  await chmod(workDir, 0o755);
  let platform: RunningPlatform;
  try {
    platform = await startLocalPlatform({
      config: loadPlatformConfig({
        ...process.env,
        REPLICAS: "1",
        ENVOY_PORT: "0",
        ENVOY_TLS_PORT: "0",
        ENVOY_ADMIN_PORT: "0",
        SERVICE_PORTS: "ephemeral",
        PLATFORM_WORK_DIR: workDir,
        STARTUP_TIMEOUT_MS: "60000",
        ...env,
      }),
      services: platformServices,
    });
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
  let restartedEnvoy: EnvoyProcess | undefined;
  return {
    platform,
    workDir,
    async authorization(scopes) {
      return `Bearer ${await platformAccessToken(workDir, scopes)}`;
    },
    async restartEnvoy(whileDown) {
      // The launcher wrote the configuration it started Envoy with next to the platform's logs.
      const bootstrap = parse(await readFile(join(workDir, "envoy.yaml"), "utf8")) as EnvoyBootstrap;
      const boundPorts = new Map([
        [frontProxyListenerName, platform.envoy.plaintextPort],
        [frontProxyTlsListenerName, platform.envoy.tlsPort],
      ]);
      for (const listener of bootstrap.static_resources.listeners) {
        const port = boundPorts.get(listener.name);
        if (port === undefined) throw new Error(`Envoy listener ${listener.name} has no known port`);
        listener.address.socket_address.port_value = port;
      }
      bootstrap.admin.address.socket_address.port_value = 0;
      await (restartedEnvoy?.stop() ?? platform.envoy.process.stop());
      await whileDown?.();
      restartedEnvoy = await startEnvoy({ configYaml: stringify(bootstrap) });
      await waitForHealthyHosts(
        restartedEnvoy,
        new Map(platformServices.map((service) => [service.name, 1])),
        30_000,
      );
      return restartedEnvoy;
    },
    async bearer(scopes) {
      const authorization = `Bearer ${await platformAccessToken(workDir, scopes)}`;
      return (next) => (request) => {
        request.header.set("authorization", authorization);
        return next(request);
      };
    },
    async stop() {
      await restartedEnvoy?.stop();
      await platform.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
