/**
 * gRPC server reflection (`grpc.reflection.v1` and `v1alpha`) over a buf
 * `FileRegistry`, served on connect-node and grpc-js.
 */
export type { ReflectionOptions } from "./reflection-options.js";
export { registerReflectionConnect } from "./reflection-connect.js";
export { addReflectionToGrpcJsServer } from "./reflection-grpc-js.js";
export { createReflectionStreamResponder, type ReflectionStreamResponder } from "./reflection-responder.js";
export { reflectionServiceNames } from "./reflection-names.js";
