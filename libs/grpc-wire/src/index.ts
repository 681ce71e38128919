/**
 * gRPC spoken by hand over node:http2, for probes that must see the wire as a load
 * balancer or a hostile client does: frames, raw calls, the response as it was framed.
 */
export { grpcFrame } from "./grpc-frame.js";
export type { GrpcFrameOptions } from "./grpc-frame.js";
export { sendRawGrpcCall, withHttp2Session } from "./raw-grpc-call.js";
export type { GrpcEndpoint, RawGrpcCallOptions, RawGrpcOutcome } from "./raw-grpc-call.js";
export { sendHttp1GrpcCall } from "./http1-grpc-call.js";
export type { Http1GrpcCallOptions, Http1GrpcOutcome } from "./http1-grpc-call.js";
