import { Code, ConnectError } from "@connectrpc/connect";

const unavailableSqlStates = new Set(["57P01", "57P02", "57P03", "53300"]);
const unavailableNodeCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
const unavailableMessages = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
];

function codeOf(error: unknown): Code {
  if (typeof error !== "object" || error === null) return Code.Internal;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : "";
  if (typeof code === "string") {
    if (code === "57014") return Code.DeadlineExceeded; // query_canceled: statement_timeout fired
    if (code === "40001" || code === "40P01") return Code.Aborted; // serialization failure, deadlock
    if (code.startsWith("08") || unavailableSqlStates.has(code) || unavailableNodeCodes.has(code)) {
      return Code.Unavailable;
    }
  }
  if (/query read timeout/i.test(message)) return Code.DeadlineExceeded;
  if (unavailableMessages.some((pattern) => pattern.test(message))) return Code.Unavailable;
  const nested = (error as { errors?: unknown }).errors; // AggregateError of a multi-address connect
  if (Array.isArray(nested) && nested.some((inner) => codeOf(inner) === Code.Unavailable))
    return Code.Unavailable;
  return Code.Internal;
}

/**
 * The gRPC error for a failed database call: UNAVAILABLE when the database cannot be
 * reached (refused, reset, no free connection in time, server shutting down), so clients
 * and Envoy may retry; DEADLINE_EXCEEDED when the statement ran out of time; ABORTED on a
 * serialization failure or deadlock; INTERNAL otherwise. The wire message says only
 * that, the original error is the `cause`. A `ConnectError` passes through unchanged.
 */
export function databaseError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error;
  const code = codeOf(error);
  const message =
    code === Code.Unavailable
      ? "the database is unavailable"
      : code === Code.DeadlineExceeded
        ? "the database did not answer before the deadline"
        : code === Code.Aborted
          ? "the write conflicted with another; retry"
          : "database error";
  return new ConnectError(message, code, undefined, undefined, error);
}
