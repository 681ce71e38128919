export { startEnvoy, validateEnvoyConfig } from "./envoy-process.js";
export type { EnvoyProcess, StartEnvoyOptions } from "./envoy-process.js";
export { createMalformedGrpcRequests, sendMalformedGrpcRequests } from "./grpc-wire-fuzz.js";
export type {
  MalformedGrpcOutcome,
  MalformedGrpcRequest,
  SendMalformedGrpcRequestsOptions,
} from "./grpc-wire-fuzz.js";
export { summarizeGrpcError } from "./grpc-error-summary.js";
export type { FieldViolationSummary, GrpcErrorSummary } from "./grpc-error-summary.js";
export { readGrpcurlExamples, runGrpcurlExample } from "./grpcurl-examples.js";
export type { GrpcurlExample, GrpcurlResult } from "./grpcurl-examples.js";
export { startOtlpTraceCollector } from "./otlp-trace-collector.js";
export type { CollectedSpan, OtlpTraceCollector } from "./otlp-trace-collector.js";
export { createPushIterable } from "./push-iterable.js";
export type { PushIterable } from "./push-iterable.js";
export { startServiceProcess } from "./service-process.js";
export type { ServiceLogLine, ServiceProcess, ServiceProcessOptions } from "./service-process.js";
export { referenceTopology } from "./reference-topology.js";
export { startTestDatabase } from "./test-database.js";
export type { TestDatabase, TestDatabaseOptions } from "./test-database.js";
