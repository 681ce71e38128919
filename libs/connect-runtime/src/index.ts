/**
 * The service runtime on `@connectrpc/connect-node`: gRPC, gRPC-Web and Connect on one
 * HTTP/2 port (h2c or TLS), health, reflection and the load-balancer probe, the runtime's
 * interceptors (telemetry, logging, INTERNAL for unknown errors, auth, protovalidate), deadlines,
 * message and stream limits, load shedding, connection age and drain, on the stack-neutral
 * core of `@switchyard/service-runtime`.
 */
export { startConnectService } from "./start-connect-service.js";
export type { ConnectServiceRegistration, StartConnectServiceOptions } from "./start-connect-service.js";
export { callerKey } from "./connect-auth-interceptor.js";
