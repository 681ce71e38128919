export { createMalformedGrpcRequests, sendMalformedGrpcRequests } from "./grpc-wire-fuzz.js";
export type {
  MalformedGrpcOutcome,
  MalformedGrpcRequest,
  SendMalformedGrpcRequestsOptions,
} from "./grpc-wire-fuzz.js";
export { summarizeGrpcError } from "./grpc-error-summary.js";
export type { FieldViolationSummary, GrpcErrorSummary } from "./grpc-error-summary.js";
export { readGrpcurlExamples, runGrpcHealthProbe, runGrpcurl, runGrpcurlExample } from "./grpc-tool-runs.js";
export { runReadmeExamples } from "./grpc-tool-runs.js";
export type { GrpcurlExample, RunReadmeExamplesOptions } from "./grpc-tool-runs.js";
export { startOtlpTraceCollector } from "./otlp-trace-collector.js";
export type { CollectedSpan, OtlpTraceCollector } from "./otlp-trace-collector.js";
export { createPushIterable } from "./push-iterable.js";
export type { PushIterable } from "./push-iterable.js";
export { referenceTopology } from "./reference-topology.js";
export { testServiceEnvironment } from "./test-service-environment.js";
export { startTestDatabase } from "./test-database.js";
export type { TestDatabase, TestDatabaseOptions } from "./test-database.js";
export { serveDuringSuite } from "./serve-during-suite.js";
export { stackHookTimeoutMs } from "./hook-timeouts.js";
export { otlpExportEnvironment } from "./otlp-export-environment.js";
export type { OtlpExportEnvironmentOptions } from "./otlp-export-environment.js";
export { startConnectTestServer } from "./connect-test-server.js";
export type { ConnectTestServer, ConnectTestServerOptions } from "./connect-test-server.js";
export { within } from "./within.js";
export { toolchainPython } from "./toolchain-python.js";
