import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, PreconditionFailureSchema } from "@switchyard/proto/google/rpc/error_details";

/**
 * INVALID_ARGUMENT for a request that passed the proto's validation rules but
 * is still wrong (e.g. a page token this server never issued), with a
 * `google.rpc.BadRequest` field violation naming the field, like the
 * runtime's validation errors.
 */
export function fieldViolationError(field: string, description: string): ConnectError {
  return new ConnectError(`invalid ${field}: ${description}`, Code.InvalidArgument, undefined, [
    {
      desc: BadRequestSchema,
      value: create(BadRequestSchema, { fieldViolations: [{ field, description }] }),
    },
  ]);
}

/** NOT_FOUND for a product id that the catalogue does not hold. */
export function productNotFoundError(id: string): ConnectError {
  return new ConnectError(`product "${id}" not found`, Code.NotFound);
}

/** A product whose stock cannot cover a reservation line. */
export interface ShortLine {
  readonly productId: string;
  /** Units asked for. */
  readonly quantity: number;
  /** Units available. */
  readonly available: number;
}

/**
 * FAILED_PRECONDITION for a reservation that stock cannot cover, naming the products in
 * the message and as `google.rpc.PreconditionFailure` violations (type `STOCK`, subject
 * the product id), so a caller can tell the customer which lines to change.
 */
export function stockShortError(short: readonly ShortLine[]): ConnectError {
  const ids = short.map((line) => line.productId);
  return new ConnectError(`not enough stock for ${ids.join(", ")}`, Code.FailedPrecondition, undefined, [
    {
      desc: PreconditionFailureSchema,
      value: create(PreconditionFailureSchema, {
        violations: short.map((line) => ({
          type: "STOCK",
          subject: line.productId,
          description: `${line.quantity} wanted, ${line.available} available`,
        })),
      }),
    },
  ]);
}

/** ALREADY_EXISTS for a reservation whose order id already holds other lines. */
export function alreadyReservedError(orderId: string): ConnectError {
  return new ConnectError(
    `order "${orderId}" already holds a reservation of other lines`,
    Code.AlreadyExists,
  );
}
