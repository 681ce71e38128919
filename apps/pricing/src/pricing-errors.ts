import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, PreconditionFailureSchema } from "@switchyard/proto/google/rpc/error_details";

/** A field of the request and what is wrong with it. */
export interface FieldViolation {
  /** Path of the field in the request, e.g. `line_items[1].unit_price.currency_code`. */
  readonly field: string;
  /** What is wrong, for the caller's developer. */
  readonly description: string;
}

/**
 * INVALID_ARGUMENT with a `google.rpc.BadRequest` listing every violation: the
 * request itself is wrong and retrying it unchanged can never succeed.
 */
export function invalidArgumentError(violations: readonly FieldViolation[]): ConnectError {
  const summary = violations.map((violation) => `${violation.field}: ${violation.description}`).join("; ");
  return new ConnectError(`invalid cart: ${summary}`, Code.InvalidArgument, undefined, [
    { desc: BadRequestSchema, value: create(BadRequestSchema, { fieldViolations: [...violations] }) },
  ]);
}

/**
 * FAILED_PRECONDITION with a `google.rpc.PreconditionFailure`: the request is
 * well-formed but the system's state does not allow it (e.g. a promo code the
 * cart does not qualify for, which a bigger cart would).
 */
export function failedPreconditionError(type: string, subject: string, description: string): ConnectError {
  return new ConnectError(description, Code.FailedPrecondition, undefined, [
    {
      desc: PreconditionFailureSchema,
      value: create(PreconditionFailureSchema, { violations: [{ type, subject, description }] }),
    },
  ]);
}

/** NOT_FOUND for a promo code that does not exist. */
export function promoCodeNotFoundError(code: string): ConnectError {
  return new ConnectError(`promo code "${code}" not found`, Code.NotFound);
}
