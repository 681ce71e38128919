export {
  GrpcStatus,
  grpcStatusName,
  isGrpcStatusCode,
  toConnectCode,
  toGrpcJsStatus,
} from "./grpc-status.js";
export type { GrpcStatusCode, GrpcStatusName } from "./grpc-status.js";
