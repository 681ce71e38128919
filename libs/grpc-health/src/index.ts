/**
 * `grpc.health.v1.Health` and a load-balancer probe whose status code follows
 * serving state, served on connect-node and grpc-js from one {@link HealthService}.
 */
export {
  createHealthService,
  ServingStatus,
  type HealthService,
  type HealthServiceOptions,
  type HealthStatusListener,
} from "./health-service.js";
export { registerHealthConnect } from "./health-connect.js";
export { addHealthToGrpcJsServer } from "./health-grpc-js.js";
export { healthServiceNames, loadBalancerProbePath } from "./health-names.js";
