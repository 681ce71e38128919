import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "@switchyard/proto/google/rpc/error_details";

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
