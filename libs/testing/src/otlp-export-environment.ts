/** Options for {@link otlpExportEnvironment}. */
export interface OtlpExportEnvironmentOptions {
  /** The collector's OTLP endpoint, e.g. `http://127.0.0.1:4318`. */
  readonly endpoint: string;
  /** `grpc` or `http/json` (`http/protobuf`). */
  readonly protocol: "grpc" | "http/json" | "http/protobuf";
  /** Whether metrics are exported too. Default false: traces only. */
  readonly metrics?: boolean;
  /** `OTEL_SERVICE_NAME`, when the process should not name itself. */
  readonly serviceName?: string;
  /** `OTEL_BSP_SCHEDULE_DELAY` in ms: a short one makes spans arrive soon after the call. */
  readonly spanExportDelayMs?: number;
}

/**
 * The standard `OTEL_*` variables that make an OpenTelemetry SDK export to a test's
 * collector: traces (and metrics when asked), no logs.
 */
export function otlpExportEnvironment(options: OtlpExportEnvironmentOptions): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: options.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: options.protocol,
    OTEL_TRACES_EXPORTER: "otlp",
    OTEL_METRICS_EXPORTER: options.metrics === true ? "otlp" : "none",
    OTEL_LOGS_EXPORTER: "none",
    ...(options.serviceName === undefined ? {} : { OTEL_SERVICE_NAME: options.serviceName }),
    ...(options.spanExportDelayMs === undefined
      ? {}
      : { OTEL_BSP_SCHEDULE_DELAY: String(options.spanExportDelayMs) }),
  };
}
