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
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${text}")`);
  }
  return value;
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
  const servicePorts = env["SERVICE_PORTS"] ?? "topology";
  if (servicePorts !== "topology" && servicePorts !== "ephemeral") {
    throw new Error(`SERVICE_PORTS must be "topology" or "ephemeral" (got "${servicePorts}")`);
  }
  return {
    replicas: integer(env, "REPLICAS", 2, 1, 9),
    envoyPort: integer(env, "ENVOY_PORT", 8080, 0, 65535),
    envoyTlsPort: integer(env, "ENVOY_TLS_PORT", 8443, 0, 65535),
    envoyAdminPort: integer(env, "ENVOY_ADMIN_PORT", 9901, 0, 65535),
    edgePort: integer(env, "EDGE_PORT", 50050, 0, 65535),
    servicePorts,
    workDir: env["PLATFORM_WORK_DIR"] === "" ? undefined : env["PLATFORM_WORK_DIR"],
    startupTimeoutMs: integer(env, "STARTUP_TIMEOUT_MS", 30_000, 1000, 600_000),
    envoyTraceCollector: traceCollector(env),
  };
}
