import { fromBinary } from "@bufbuild/protobuf";
import { BadRequestSchema } from "@switchyard/proto/google/rpc/error_details";
import { StatusSchema } from "@switchyard/proto/google/rpc/status";

/** A field violation from a `google.rpc.BadRequest` error detail. */
export interface FieldViolationSummary {
  /** Path of the offending field, e.g. `line_items[0].quantity`. */
  readonly field: string;
  /** What is wrong with it. */
  readonly description: string;
}

/** The parts of a gRPC error that tests assert on, the same for both client stacks. */
export interface GrpcErrorSummary {
  /** The canonical status code (numbers are the same in connect's `Code` and grpc-js' `status`). */
  readonly code: number;
  /** The status message, without connect's `[code]` prefix. */
  readonly message: string;
  /** Field violations of every `google.rpc.BadRequest` detail, in order. */
  readonly fieldViolations: readonly FieldViolationSummary[];
}

const badRequestTypeName = BadRequestSchema.typeName;

function violationsOf(bytes: Uint8Array): FieldViolationSummary[] {
  return fromBinary(BadRequestSchema, bytes).fieldViolations.map(({ field, description }) => ({
    field,
    description,
  }));
}

/**
 * Reads the status code, message and field violations from an error thrown by
 * a connect client (`ConnectError`) or a grpc-js client (`ServiceError`, with
 * details in the `grpc-status-details-bin` trailer). Throws when `error` is
 * neither, so a test never passes on an unrelated exception.
 */
export function summarizeGrpcError(error: unknown): GrpcErrorSummary {
  if (typeof error !== "object" || error === null || typeof (error as { code?: unknown }).code !== "number") {
    throw new Error(`not a gRPC error: ${String(error)}`, { cause: error });
  }
  const candidate = error as {
    code: number;
    rawMessage?: unknown;
    details?: unknown;
    metadata?: { get(key: string): unknown[] };
  };
  if (typeof candidate.rawMessage === "string" && Array.isArray(candidate.details)) {
    // ConnectError: incoming details are { type, value } pairs.
    const fieldViolations = (candidate.details as { type?: unknown; value?: unknown }[]).flatMap((detail) =>
      detail.type === badRequestTypeName && detail.value instanceof Uint8Array
        ? violationsOf(detail.value)
        : [],
    );
    return { code: candidate.code, message: candidate.rawMessage, fieldViolations };
  }
  if (typeof candidate.details === "string" && candidate.metadata !== undefined) {
    const [statusBytes] = candidate.metadata.get("grpc-status-details-bin");
    const fieldViolations =
      statusBytes instanceof Uint8Array
        ? fromBinary(StatusSchema, statusBytes).details.flatMap((any) =>
            any.typeUrl.endsWith(`/${badRequestTypeName}`) ? violationsOf(any.value) : [],
          )
        : [];
    return { code: candidate.code, message: candidate.details, fieldViolations };
  }
  throw new Error("not a gRPC error: neither a ConnectError nor a grpc-js ServiceError", { cause: error });
}
