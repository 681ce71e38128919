import { metrics, type BatchObservableCallback } from "@opentelemetry/api";
import type { HealthService } from "@switchyard/grpc-health";
import type { InFlightCalls } from "./in-flight-calls.js";

/** Names of the runtime's own metrics, besides the RPC metrics of `@switchyard/telemetry`. */
export const runtimeMetricNames = {
  draining: "switchyard.server.draining",
  inFlightCalls: "switchyard.server.in_flight_calls",
  shedCalls: "switchyard.server.shed_calls",
} as const;

/**
 * Reports the drain and load-shedding state of one server as OpenTelemetry
 * observables: `draining` (1 from SIGTERM until exit), calls in flight, and
 * calls shed so far. Returns the function that stops reporting (on close).
 * With no SDK started these are no-ops.
 */
export function observeRuntimeState(
  serviceName: string,
  health: Pick<HealthService, "draining">,
  inFlight: InFlightCalls,
): () => void {
  const meter = metrics.getMeter("@switchyard/service-runtime");
  const draining = meter.createObservableGauge(runtimeMetricNames.draining, {
    description: "1 while the server drains (NOT_SERVING, finishing calls in flight), else 0.",
  });
  const inFlightCalls = meter.createObservableGauge(runtimeMetricNames.inFlightCalls, {
    unit: "{call}",
    description: "Calls admitted and not yet finished; load shedding starts at MAX_IN_FLIGHT_CALLS.",
  });
  const shedCalls = meter.createObservableCounter(runtimeMetricNames.shedCalls, {
    unit: "{call}",
    description: "Calls answered RESOURCE_EXHAUSTED by load shedding.",
  });
  const attributes = { "service.component": serviceName };
  const observe: BatchObservableCallback = (result) => {
    result.observe(draining, health.draining ? 1 : 0, attributes);
    result.observe(inFlightCalls, inFlight.count, attributes);
    result.observe(shedCalls, inFlight.shedCount, attributes);
  };
  meter.addBatchObservableCallback(observe, [draining, inFlightCalls, shedCalls]);
  return () => {
    meter.removeBatchObservableCallback(observe, [draining, inFlightCalls, shedCalls]);
  };
}
