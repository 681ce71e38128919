import { metrics, type Attributes, type Histogram, type UpDownCounter } from "@opentelemetry/api";

/** Names of the RPC metrics this lib records (OpenTelemetry RPC semantic conventions). */
export const rpcMetricNames = {
  serverDuration: "rpc.server.call.duration",
  clientDuration: "rpc.client.call.duration",
  serverActiveCalls: "rpc.server.active_calls",
  serverRequestsPerRpc: "rpc.server.requests_per_rpc",
  serverResponsesPerRpc: "rpc.server.responses_per_rpc",
} as const;

/** The instruments, created lazily so they bind to the SDK started by startTelemetry. */
export interface RpcInstruments {
  readonly serverDuration: Histogram;
  readonly clientDuration: Histogram;
  readonly serverActiveCalls: UpDownCounter;
  readonly serverRequestsPerRpc: Histogram;
  readonly serverResponsesPerRpc: Histogram;
}

let instruments: RpcInstruments | undefined;

/** The process-wide RPC instruments. */
export function rpcInstruments(): RpcInstruments {
  if (instruments === undefined) {
    const meter = metrics.getMeter("@switchyard/telemetry");
    // Buckets in seconds from 1 ms to 10 s: RPC latencies on a LAN through one proxy hop.
    const durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    instruments = {
      serverDuration: meter.createHistogram(rpcMetricNames.serverDuration, {
        unit: "s",
        description: "Duration of RPCs served, by service, method and status code.",
        advice: { explicitBucketBoundaries: durationBuckets },
      }),
      clientDuration: meter.createHistogram(rpcMetricNames.clientDuration, {
        unit: "s",
        description: "Duration of outgoing RPCs, by service, method and status code.",
        advice: { explicitBucketBoundaries: durationBuckets },
      }),
      serverActiveCalls: meter.createUpDownCounter(rpcMetricNames.serverActiveCalls, {
        unit: "{call}",
        description: "RPCs in progress on this server (streams included).",
      }),
      serverRequestsPerRpc: meter.createHistogram(rpcMetricNames.serverRequestsPerRpc, {
        unit: "{message}",
        description: "Request messages received per streaming RPC.",
      }),
      serverResponsesPerRpc: meter.createHistogram(rpcMetricNames.serverResponsesPerRpc, {
        unit: "{message}",
        description: "Response messages sent per streaming RPC.",
      }),
    };
  }
  return instruments;
}

/** Attributes of one RPC, per the RPC semantic conventions. */
export function rpcAttributes(service: string, method: string): Attributes {
  return { "rpc.system": "grpc", "rpc.service": service, "rpc.method": method };
}

/** Splits a gRPC path `/pkg.Service/Method` into service and method. */
export function splitGrpcPath(path: string): { service: string; method: string } {
  const [, service = "", method = ""] = /^\/([^/]*)\/([^/]*)$/.exec(path) ?? [];
  return { service, method };
}
