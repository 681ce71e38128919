export { startTelemetry, telemetryEnabledByEnv } from "./start-telemetry.js";
export type { Telemetry, StartTelemetryOptions } from "./start-telemetry.js";
export {
  createConnectClientTelemetryInterceptor,
  createConnectServerTelemetryInterceptor,
} from "./connect-telemetry-interceptors.js";
export {
  createGrpcJsClientTelemetryInterceptor,
  createGrpcJsServerTelemetryInterceptor,
} from "./grpc-js-telemetry-interceptors.js";
export { rpcMetricNames } from "./rpc-instruments.js";
