/**
 * The one way a Switchyard service starts, on connect-node or grpc-js:
 * configuration from the environment, h2c or TLS, health and reflection,
 * interceptors (logging, errors, deadlines, validation, load shedding),
 * message and stream limits, graceful drain and connection age.
 */
export { loadServiceConfig, logLevels, ServiceConfigError } from "./service-config.js";
export type { LogLevel, ServiceConfig } from "./service-config.js";
