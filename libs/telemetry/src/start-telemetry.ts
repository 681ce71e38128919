/** Options for {@link startTelemetry}. */
export interface StartTelemetryOptions {
  /** `service.name` when `OTEL_SERVICE_NAME` is not set. */
  readonly serviceName: string;
}

/** The running telemetry SDK, or a no-op stand-in when telemetry is off. */
export interface Telemetry {
  /** Whether spans and metrics are exported. */
  readonly enabled: boolean;
  /** Flushes pending spans and metrics and stops exporting. Safe to call twice. */
  shutdown(): Promise<void>;
}

/**
 * Whether `env` asks for telemetry: `OTEL_SDK_DISABLED` is not `true` and an
 * OTLP endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT` or a
 * per-signal `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`/`..._METRICS_ENDPOINT`).
 * Without an endpoint the SDK would export to localhost:4318 and log
 * connection errors on every batch, so a laptop without a collector stays quiet.
 */
export function telemetryEnabledByEnv(env: NodeJS.ProcessEnv): boolean {
  if (env["OTEL_SDK_DISABLED"]?.toLowerCase() === "true") return false;
  return [
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
  ].some((name) => (env[name] ?? "") !== "");
}

/**
 * Starts the OpenTelemetry Node SDK, configured only by the standard `OTEL_*`
 * variables of `process.env` (exporter protocol, endpoint, headers, sampler, resource
 * attributes, batch and metric intervals). Await it first in `main.ts`, before
 * servers and clients are created, so the RPC interceptors of this lib record
 * into real providers. Resolves to a no-op when {@link telemetryEnabledByEnv} is false.
 *
 * The SDK and its exporters are imported only when telemetry is on: loading them
 * cost catalog about 35 MB of memory and up to a second of start-up on a 2-core
 * machine (docs/benchmarks.md), which a service without a collector should not pay.
 */
export async function startTelemetry(options: StartTelemetryOptions): Promise<Telemetry> {
  const env = process.env;
  if (!telemetryEnabledByEnv(env)) {
    return { enabled: false, shutdown: () => Promise.resolve() };
  }
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const sdk = new NodeSDK({
    serviceName: env["OTEL_SERVICE_NAME"] ?? options.serviceName,
    // RPC spans come from this lib's interceptors; no monkey-patching instrumentations.
    instrumentations: [],
  });
  sdk.start();
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown: () => (stopped ??= sdk.shutdown()),
  };
}
