/**
 * The stack-neutral core every Switchyard service starts on, whichever gRPC stack serves
 * it: configuration from the environment, logging, the start-up and drain lifecycle,
 * in-flight limits, deadlines, request validation, trace ids in logs and runtime metrics.
 * The stack layers build on it: `@switchyard/connect-runtime` (`startConnectService`) and
 * `@switchyard/grpc-js-runtime` (`startGrpcJsService`).
 */
export { loadServiceConfig, logLevels } from "./service-config.js";
export type { LogLevel, ServiceConfig, ServiceTlsConfig } from "./service-config.js";
export { createCallAuthorizer, loadAuthConfig } from "./call-auth.js";
export type { AuthConfig, CallAuthorizer } from "./call-auth.js";
export { envInteger, envOptionalString, envString, envValue, parseEnvironment } from "./env-schema.js";
export { ServiceConfigError } from "./env-schema.js";
export type { Environment } from "./env-schema.js";
export { createServiceLogger } from "./service-logger.js";
export type { ServiceLoggerOptions } from "./service-logger.js";
export { runServiceMain } from "./run-service-main.js";
export type { RunServiceMainOptions } from "./run-service-main.js";
export { bracketedHost, finishStartUp, prepareService, readTlsKeyPair } from "./running-service.js";
export { readDependencyTls } from "./running-service.js";
export type { DependencyTlsMaterial } from "./running-service.js";
export { servedByHeader } from "./running-service.js";
export type { ListeningService, PreparedService, ReadinessOptions } from "./running-service.js";
export type { RunningService, ServiceStartOptions, StackDrainSteps } from "./running-service.js";
export { createServiceDrain } from "./service-drain.js";
export type { ServiceDrain, ServiceDrainSteps } from "./service-drain.js";
export { createInFlightCalls, shedCallMessage } from "./in-flight-calls.js";
export type { InFlightCalls } from "./in-flight-calls.js";
export { effectiveTimeoutMs, parseGrpcTimeoutMs, requestWaitMs } from "./call-deadline.js";
export type { DeadlinePolicy } from "./call-deadline.js";
export { createRequestValidator } from "./request-validation.js";
export type { RequestValidator } from "./request-validation.js";
export { callTraceIds, traceIdFromTraceparent } from "./trace-context.js";
export type { CallTraceIds } from "./trace-context.js";
export { isPlatformCall } from "./platform-calls.js";
export { finalGoawayCapMs, gracefulGoaway, trackHttp2Sessions } from "./http2-session-tracker.js";
export type { Http2SessionTracker, Http2SessionTrackerOptions } from "./http2-session-tracker.js";
export { runtimeMetricNames } from "./runtime-metrics.js";
