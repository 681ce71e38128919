import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { effectiveTimeoutMs, parseGrpcTimeoutMs, requestWaitMs } from "./call-deadline.js";
import { traceIdFromTraceparent } from "./trace-context.js";

const policy = { defaultDeadlineMs: 1000, maxDeadlineMs: 5000 };

describe("effectiveTimeoutMs", () => {
  const cases: {
    kind: "unary" | "server_streaming";
    requested: number | undefined;
    expected: number | undefined;
  }[] = [
    { kind: "unary", requested: undefined, expected: 1000 },
    { kind: "unary", requested: 200, expected: 200 },
    { kind: "unary", requested: 60_000, expected: 5000 },
    { kind: "server_streaming", requested: undefined, expected: undefined },
    { kind: "server_streaming", requested: 60_000, expected: 60_000 },
  ];
  for (const { kind, requested, expected } of cases) {
    it(`when a ${kind} call asks for ${String(requested)} ms, then it gets ${String(expected)}`, () => {
      assert.equal(effectiveTimeoutMs({ methodKind: kind }, requested, policy), expected);
    });
  }
});

describe("requestWaitMs", () => {
  it("when a call has no deadline, then its request must arrive within the default deadline", () => {
    assert.equal(requestWaitMs(undefined, policy), 1000);
  });
  it("when a call has a deadline, then it bounds the wait, at most the cap", () => {
    assert.deepEqual([requestWaitMs(200, policy), requestWaitMs(60_000, policy)], [200, 5000]);
  });
});

describe("parseGrpcTimeoutMs", () => {
  it("when the header has a unit, then it is converted to milliseconds", () => {
    assert.deepEqual(
      ["1H", "2M", "3S", "400m", "5000u", "6000000n"].map(parseGrpcTimeoutMs),
      [3_600_000, 120_000, 3000, 400, 5, 6],
    );
  });

  it("when the header is absent or malformed, then there is no timeout", () => {
    assert.deepEqual([null, "", "10", "123456789S", "-1S", "1s"].map(parseGrpcTimeoutMs), [
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("traceIdFromTraceparent", () => {
  it("when traceparent is valid, then its trace id is returned", () => {
    assert.equal(
      traceIdFromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
      "4bf92f3577b34da6a3ce929d0e0e4736",
    );
  });

  it("when traceparent is absent, malformed or all zeros, then there is none", () => {
    assert.deepEqual(
      [
        undefined,
        null,
        "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      ].map(traceIdFromTraceparent),
      [undefined, undefined, undefined, undefined, undefined],
    );
  });
});
