import { Code } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";

/**
 * The canonical gRPC status codes by name, as gRPC's status code document lists them.
 * connect's `Code` and grpc-js's `status` number them the same; {@link toConnectCode} and
 * {@link toGrpcJsStatus} give each stack's own type, so one table serves both stacks, logs
 * and metrics.
 */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** A canonical status name, e.g. `"INVALID_ARGUMENT"`. */
export type GrpcStatusName = keyof typeof GrpcStatus;

/** A canonical status code, 0 to 16. */
export type GrpcStatusCode = (typeof GrpcStatus)[GrpcStatusName];

const names = Object.keys(GrpcStatus) as GrpcStatusName[];

/** Whether `code` is one of the canonical codes (0 to 16). */
export function isGrpcStatusCode(code: number): code is GrpcStatusCode {
  return Number.isInteger(code) && code >= 0 && code < names.length;
}

/** The canonical name of `code` (`INVALID_ARGUMENT` for 3), `CODE_<n>` for a number outside the table. */
export function grpcStatusName(code: number): string {
  return isGrpcStatusCode(code) ? (names[code] ?? `CODE_${code}`) : `CODE_${code}`;
}

/** `INVALID_ARGUMENT` → `InvalidArgument`: connect's member name for a canonical name. */
function connectMemberName(name: string): keyof typeof Code {
  // connect spells this one its own way.
  if (name === "CANCELLED") return "Canceled";
  return name
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_match, _separator: string, letter: string) =>
      letter.toUpperCase(),
    ) as keyof typeof Code;
}

/**
 * connect's `Code` for a gRPC status number; `Code.Unknown` for OK (connect has no code
 * for success) and for a number outside the table.
 */
export function toConnectCode(code: number): Code {
  if (!isGrpcStatusCode(code) || code === GrpcStatus.OK) return Code.Unknown;
  return Code[connectMemberName(grpcStatusName(code))];
}

/** grpc-js's `status` for a gRPC status number; `status.UNKNOWN` outside the table. */
export function toGrpcJsStatus(code: number): grpc.status {
  if (!isGrpcStatusCode(code)) return grpc.status.UNKNOWN;
  return grpc.status[grpcStatusName(code) as keyof typeof grpc.status];
}
