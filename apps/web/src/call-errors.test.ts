import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "@switchyard/proto/google/rpc/error_details";
import { describeCallProblem } from "./call-errors.js";

describe("describeCallProblem", () => {
  it("when the error carries a BadRequest, then each violation is keyed by its field", () => {
    const error = new ConnectError("invalid order", Code.InvalidArgument, undefined, [
      {
        desc: BadRequestSchema,
        value: create(BadRequestSchema, {
          fieldViolations: [
            { field: "customer_id", description: "value length must be at least 1 characters" },
            { field: "promo_code", description: "value length must be at most 32 characters" },
          ],
        }),
      },
    ]);
    const problem = describeCallProblem(error);
    assert.ok(problem.kind === "fields", problem.kind);
    assert.deepEqual([...problem.fields.keys()], ["customer_id", "promo_code"]);
  });

  it("when the call was unavailable or timed out, then the user is asked to retry", () => {
    for (const code of [Code.Unavailable, Code.DeadlineExceeded]) {
      assert.equal(describeCallProblem(new ConnectError("x", code)).kind, "retry");
    }
  });

  it("when the error is anything else, then its message is shown", () => {
    assert.deepEqual(describeCallProblem(new ConnectError("promo code not found", Code.NotFound)), {
      kind: "error",
      message: "promo code not found",
    });
  });
});
