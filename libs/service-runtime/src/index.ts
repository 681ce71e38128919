/**
 * The one way a Switchyard service starts, on connect-node or grpc-js:
 * configuration from the environment, h2c or TLS, health and reflection,
 * interceptors (logging, errors, deadlines, validation, load shedding),
 * message and stream limits, graceful drain and connection age.
 */
export { loadServiceConfig, logLevels } from "./service-config.js";
export {
  envInteger,
  envOptionalString,
  envString,
  envValue,
  parseEnvironment,
  ServiceConfigError,
} from "./env-schema.js";
export type { Environment } from "./env-schema.js";
export type { LogLevel, ServiceConfig } from "./service-config.js";
export { startConnectService } from "./start-connect-service.js";
export type { ConnectServiceRegistration, StartConnectServiceOptions } from "./start-connect-service.js";
export { startGrpcJsService } from "./start-grpc-js-service.js";
export type { GrpcJsServiceRegistration, StartGrpcJsServiceOptions } from "./start-grpc-js-service.js";
export type { ReadinessOptions, RunningService } from "./running-service.js";
export { createServiceLogger } from "./service-logger.js";
export type { ServiceLoggerOptions } from "./service-logger.js";
export { servedByHeader } from "./connect-node-handler.js";
export { createRequestValidator } from "./request-validation.js";
export type { RequestValidator } from "./request-validation.js";
export { traceIdFromTraceparent } from "./trace-context.js";
export { runServiceMain } from "./run-service-main.js";
export type { RunServiceMainOptions } from "./run-service-main.js";
export { runtimeMetricNames } from "./runtime-metrics.js";
