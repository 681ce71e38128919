/** Canonical gRPC status code names, indexed by code, as logs and metrics show them. */
const names = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
] as const;

/** The canonical name of gRPC status `code` (`INVALID_ARGUMENT` for 3); `CODE_<n>` for unknown numbers. */
export function grpcCodeName(code: number): string {
  return names[code] ?? `CODE_${code}`;
}
