import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Interceptor } from "@connectrpc/connect";
import { platformServices } from "@switchyard/topology";
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
  /** Stops the platform and removes its work directory. */
  stop(): Promise<void>;
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
  return {
    platform,
    workDir,
    async authorization(scopes) {
      return `Bearer ${await platformAccessToken(workDir, scopes)}`;
    },
    async bearer(scopes) {
      const authorization = `Bearer ${await platformAccessToken(workDir, scopes)}`;
      return (next) => (request) => {
        request.header.set("authorization", authorization);
        return next(request);
      };
    },
    async stop() {
      await platform.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
