import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code } from "@connectrpc/connect";
import { status } from "@grpc/grpc-js";
import { GrpcStatus, grpcStatusName } from "./grpc-status.js";
import { isGrpcStatusCode, toConnectCode, toGrpcJsStatus } from "./grpc-status.js";

describe("gRPC status codes", () => {
  it("when the table is compared with both stacks, then every name has their number", () => {
    assert.equal(Object.keys(GrpcStatus).length, 17);
    for (const [name, code] of Object.entries(GrpcStatus)) {
      assert.equal(status[name as keyof typeof status], code, `grpc-js status.${name}`);
    }
    // connect's own names, spelled its way, carry the same numbers.
    assert.equal(Code.Canceled, GrpcStatus.CANCELLED);
    assert.equal(Code.InvalidArgument, GrpcStatus.INVALID_ARGUMENT);
    assert.equal(Code.Unauthenticated, GrpcStatus.UNAUTHENTICATED);
  });

  it("when a code is named, then the canonical name comes back, and CODE_<n> outside the table", () => {
    assert.equal(grpcStatusName(3), "INVALID_ARGUMENT");
    assert.equal(grpcStatusName(14), "UNAVAILABLE");
    assert.equal(grpcStatusName(17), "CODE_17");
    assert.equal(grpcStatusName(-1), "CODE_-1");
    assert.equal(isGrpcStatusCode(16), true);
    assert.equal(isGrpcStatusCode(2.5), false);
  });

  it("when a number is turned into each stack's type, then the same code comes back", () => {
    for (const code of Object.values(GrpcStatus)) {
      assert.equal(toGrpcJsStatus(code), code);
      const connectCode = toConnectCode(code);
      assert.equal(connectCode, code === 0 ? Code.Unknown : code, grpcStatusName(code));
      assert.notEqual(Code[connectCode], undefined, "a member of connect's Code");
    }
    assert.equal(toConnectCode(99), Code.Unknown);
    assert.equal(toGrpcJsStatus(99), status.UNKNOWN);
  });
});
