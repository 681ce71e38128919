import { startServiceProcess, type ServiceProcess } from "@switchyard/launcher";

/** Options for {@link startWithDeployedTelemetry}. */
export interface StartWithDeployedTelemetryOptions {
  /** The app folder under `apps/`. */
  readonly app: string;
  /** The container's environment as a deploy artefact renders it. */
  readonly environment: Readonly<Record<string, string>>;
  /** Where a local OTLP collector listens (`http://127.0.0.1:<port>`), standing in for the deployed one. */
  readonly collectorEndpoint: string;
  /** Other variables the local process needs (e.g. dependency addresses). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts `app` with the OpenTelemetry variables (`OTEL_*`) a deploy artefact
 * gives its container, only the collector's address replaced by a local one:
 * what the service exports, over which protocol and under which service name,
 * is then exactly what it would send to the deployed collector.
 */
export async function startWithDeployedTelemetry(
  options: StartWithDeployedTelemetryOptions,
): Promise<ServiceProcess> {
  const telemetry = Object.fromEntries(
    Object.entries(options.environment).filter(([name]) => name.startsWith("OTEL_")),
  );
  if (telemetry["OTEL_EXPORTER_OTLP_ENDPOINT"] === undefined) {
    throw new Error(`${options.app}: the artefact sets no OTEL_EXPORTER_OTLP_ENDPOINT, telemetry is off`);
  }
  return startServiceProcess({
    service: options.app,
    env: { ...options.env, ...telemetry, OTEL_EXPORTER_OTLP_ENDPOINT: options.collectorEndpoint },
  });
}
