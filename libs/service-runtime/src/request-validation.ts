import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator, type Validator } from "@bufbuild/protovalidate";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "@switchyard/proto/google/rpc/error_details";

/**
 * Checks request messages against the protovalidate rules declared in their
 * protos (`(buf.validate.field)` and friends).
 */
export interface RequestValidator {
  /**
   * `undefined` when `message` satisfies its rules; otherwise an INVALID_ARGUMENT
   * error carrying a `google.rpc.BadRequest` with one field violation per broken
   * rule (`field` is the path, e.g. `tags[0]`; `reason` the rule id, e.g. `string.min_len`).
   */
  check<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): ConnectError | undefined;
}

/**
 * Creates the validator both stacks use. Messages without rules pass at the
 * cost of one cached lookup. A rule that cannot be compiled or evaluated is a
 * server bug: it fails the call with INTERNAL, the detail going to `cause`.
 */
export function createRequestValidator(): RequestValidator {
  const validator: Validator = createValidator();
  return {
    check(schema, message) {
      const result = validator.validate(schema, message);
      switch (result.kind) {
        case "valid":
          return undefined;
        case "invalid": {
          const badRequest = create(BadRequestSchema, {
            fieldViolations: result.violations.map((violation) => ({
              field: pathToString(violation.field),
              description: violation.message,
              reason: violation.ruleId,
            })),
          });
          const summary = result.violations.map((violation) => violation.toString()).join("; ");
          return new ConnectError(`invalid ${schema.name}: ${summary}`, Code.InvalidArgument, undefined, [
            { desc: BadRequestSchema, value: badRequest },
          ]);
        }
        case "error":
          return new ConnectError("internal error", Code.Internal, undefined, undefined, result.error);
      }
    },
  };
}
