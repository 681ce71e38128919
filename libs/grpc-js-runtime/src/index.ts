/**
 * The service runtime on `@grpc/grpc-js`, with the same behaviour as the connect-node
 * layer: health, reflection and the load-balancer probe, one runtime interceptor
 * (telemetry, logging, INTERNAL for unknown errors, protovalidate, deadlines, load
 * shedding, `x-served-by`), message and stream limits, grpc-js's connection age, drain.
 */
export { startGrpcJsService } from "./start-grpc-js-service.js";
export type { GrpcJsServiceRegistration, StartGrpcJsServiceOptions } from "./start-grpc-js-service.js";
export { callerSubjectKey } from "./grpc-js-interceptor.js";
