import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "@switchyard/proto/google/rpc/error_details";

/** What the page shows for a failed call. */
export type CallProblem =
  | { readonly kind: "fields"; readonly fields: ReadonlyMap<string, string> }
  | { readonly kind: "retry"; readonly message: string }
  | { readonly kind: "error"; readonly message: string };

/**
 * Turns a failed call into what the user can act on: field errors from a `google.rpc.BadRequest`
 * detail (keyed by field path, e.g. "customer_id"), a retry banner for UNAVAILABLE and
 * DEADLINE_EXCEEDED (the call may succeed again), or the server's message.
 */
export function describeCallProblem(reason: unknown): CallProblem {
  const error = ConnectError.from(reason);
  const violations = error.findDetails(BadRequestSchema).flatMap((detail) => detail.fieldViolations);
  if (violations.length > 0) {
    return {
      kind: "fields",
      fields: new Map(violations.map((violation) => [violation.field, violation.description])),
    };
  }
  if (error.code === Code.Unavailable || error.code === Code.DeadlineExceeded) {
    return { kind: "retry", message: "The shop is not answering right now. Please try again in a moment." };
  }
  return { kind: "error", message: error.rawMessage };
}
