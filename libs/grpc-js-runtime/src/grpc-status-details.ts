import { create, toBinary } from "@bufbuild/protobuf";
import { anyPack, AnySchema } from "@bufbuild/protobuf/wkt";
import type { ConnectError } from "@connectrpc/connect";
import { StatusSchema } from "@switchyard/proto/google/rpc/status";

/** Name of the trailer that carries a binary `google.rpc.Status` with typed error details. */
export const grpcStatusDetailsHeader = "grpc-status-details-bin";

/**
 * Encodes `error` as the binary `google.rpc.Status` gRPC carries in
 * `grpc-status-details-bin`: code, message and every detail as an `Any`
 * (what connect-node writes itself, for grpc-js to write the same).
 */
export function encodeGrpcStatusDetails(error: ConnectError): Uint8Array {
  const details = error.details.map((detail) =>
    "desc" in detail
      ? anyPack(detail.desc, create(detail.desc, detail.value))
      : create(AnySchema, { typeUrl: `type.googleapis.com/${detail.type}`, value: detail.value }),
  );
  return toBinary(
    StatusSchema,
    create(StatusSchema, { code: error.code, message: error.rawMessage, details }),
  );
}
