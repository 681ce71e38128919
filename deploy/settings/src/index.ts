export { drainTimings, shutdownMarginSeconds, shutdownSeconds } from "./drain-timings.js";
export { ecsStopTimeoutSeconds, deregistrationDelaySeconds, preStopSleepSeconds } from "./drain-timings.js";
export { terminationGracePeriodSeconds, envoyDrainSeconds } from "./drain-timings.js";
export { envoyTerminationGracePeriodSeconds } from "./drain-timings.js";
export type { DrainTimings } from "./drain-timings.js";
export { loadBalancerProbePath, healthyGrpcCodes, albHealthCheck } from "./load-balancer-settings.js";
export { streamHeartbeatSeconds, albIdleTimeoutSeconds } from "./load-balancer-settings.js";
export { runtimeIdleTimeoutMs, albSslPolicy, albHttpsPort } from "./load-balancer-settings.js";
export { accessLogBucketName } from "./load-balancer-settings.js";
export type { AlbHealthCheck } from "./load-balancer-settings.js";
export { containerUserId, defaultSizing, deployedServices, runtimeEnvironment } from "./deployed-services.js";
export { heapLimitMiB } from "./deployed-services.js";
export { productionRuntimeEnvironment } from "./deployed-services.js";
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
export {
  cognitoAuthEnvironment,
  cognitoDomainPrefix,
  cognitoTokenUrl,
  resourceServerIdentifier,
} from "./cognito-settings.js";
export type { CognitoUserPoolAddress } from "./cognito-settings.js";
export { envoyImage, envoyImageUserId, grpcWebContentTypes } from "./web-gateway.js";
export { envoyAdminPort, webGatewayDrainSeconds, webGatewayHealthPath } from "./web-gateway.js";
export { webGatewayName, webGatewayPort } from "./web-gateway.js";
