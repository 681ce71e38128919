import { stringify } from "yaml";

/**
 * The AWS Distro for OpenTelemetry collector the cloud deployments run next to
 * the services (an ECS sidecar, an EKS Deployment), from ECR Public. It takes
 * the services' OTLP and sends traces to AWS X-Ray and metrics to CloudWatch
 * (embedded metric format), with the credentials of the task or pod role.
 */
export const collectorImage = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.0";

/** The collector's OTLP/gRPC port (the OTLP default): the services export over one long-lived HTTP/2 connection. */
export const otlpGrpcPort = 4317;

/** The CloudWatch namespace the services' metrics land in. */
export const metricsNamespace = "Switchyard";

/** The services' telemetry settings on a cloud deployment, added to their environment. */
export interface TelemetryEnvironment {
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: the collector, e.g. `http://127.0.0.1:4317` (ECS sidecar). */
  readonly otlpEndpoint: string;
}

/** Options for {@link renderCollectorConfig}. */
export interface CollectorConfigOptions {
  /** Where the OTLP receiver listens: 127.0.0.1 for a sidecar (only its task reaches it), 0.0.0.0 for a shared collector. */
  readonly listenAddress: string;
  /** CloudWatch Logs group the metrics (embedded metric format) are written to. */
  readonly metricsLogGroup: string;
}

/**
 * The collector's configuration (YAML): OTLP/gRPC in; a memory limiter first,
 * so a burst is refused rather than the collector killed; traces batched to
 * X-Ray, metrics to CloudWatch in the embedded metric format under
 * {@link metricsNamespace}. Region and credentials come from the task or pod
 * role's environment, so the file holds no account detail.
 */
export function renderCollectorConfig(options: CollectorConfigOptions): string {
  return stringify(
    {
      receivers: {
        otlp: { protocols: { grpc: { endpoint: `${options.listenAddress}:${otlpGrpcPort}` } } },
      },
      processors: {
        memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 },
        batch: { timeout: "5s" },
      },
      exporters: {
        awsxray: {},
        awsemf: {
          namespace: metricsNamespace,
          log_group_name: options.metricsLogGroup,
          // One metric per data point's own attributes; no extra roll-up dimensions to pay for.
          dimension_rollup_option: "NoDimensionRollup",
        },
      },
      service: {
        pipelines: {
          traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["awsxray"] },
          metrics: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["awsemf"] },
        },
      },
    },
    { lineWidth: 0 },
  );
}
