import { fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from "@switchyard/proto/grpc/reflection/v1/reflection";
import {
  ServerReflectionRequestSchema as V1alphaRequestSchema,
  ServerReflectionResponseSchema as V1alphaResponseSchema,
  type ServerReflectionRequest as V1alphaRequest,
  type ServerReflectionResponse as V1alphaResponse,
} from "@switchyard/proto/grpc/reflection/v1alpha/reflection";

// grpc.reflection.v1alpha and v1 are the same messages under two package
// names (same fields and numbers), so one implementation answers both by
// re-reading the bytes under the other package's schema.

/** Reads a v1alpha request as the v1 request it is on the wire. */
export function v1RequestOf(request: V1alphaRequest): ServerReflectionRequest {
  return fromBinary(ServerReflectionRequestSchema, toBinary(V1alphaRequestSchema, request));
}

/** Reads a v1 response as the v1alpha response it is on the wire. */
export function v1alphaResponseOf(response: ServerReflectionResponse): V1alphaResponse {
  return fromBinary(V1alphaResponseSchema, toBinary(ServerReflectionResponseSchema, response));
}
