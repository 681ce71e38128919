export {
  drainTimings,
  shutdownMarginSeconds,
  shutdownSeconds,
  ecsStopTimeoutSeconds,
  deregistrationDelaySeconds,
  preStopSleepSeconds,
  terminationGracePeriodSeconds,
  envoyDrainSeconds,
  envoyTerminationGracePeriodSeconds,
} from "./drain-timings.js";
export type { DrainTimings } from "./drain-timings.js";
export {
  loadBalancerProbePath,
  healthyGrpcCodes,
  albHealthCheck,
  streamHeartbeatSeconds,
  albIdleTimeoutSeconds,
  runtimeIdleTimeoutMs,
  albSslPolicy,
  albHttpsPort,
  accessLogBucketName,
} from "./load-balancer-settings.js";
export type { AlbHealthCheck } from "./load-balancer-settings.js";
export { containerUserId, defaultSizing, deployedServices, runtimeEnvironment } from "./deployed-services.js";
export type { DeployedService, ServiceSizing, ServiceDependency } from "./deployed-services.js";
export { imageHealthProbePath, livenessCommand } from "./liveness-check.js";
export {
  collectorImage,
  otlpGrpcPort,
  metricsNamespace,
  renderCollectorConfig,
} from "./telemetry-collector.js";
export type { TelemetryEnvironment, CollectorConfigOptions } from "./telemetry-collector.js";
export { databaseSettings, databaseUrl } from "./database-settings.js";
