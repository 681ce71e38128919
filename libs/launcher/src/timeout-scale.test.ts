import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scaledTimeoutMs, timeoutScale } from "./timeout-scale.js";

describe("timeoutScale", () => {
  it("when SWITCHYARD_TIMEOUT_SCALE is unset or blank, then start-up bounds are taken as written", () => {
    assert.equal(timeoutScale({}), 1);
    assert.equal(timeoutScale({ SWITCHYARD_TIMEOUT_SCALE: " " }), 1);
    assert.equal(scaledTimeoutMs(60_000, {}), 60_000);
  });

  it("when SWITCHYARD_TIMEOUT_SCALE is a positive number, then every bound is multiplied by it", () => {
    assert.equal(scaledTimeoutMs(60_000, { SWITCHYARD_TIMEOUT_SCALE: "2.5" }), 150_000);
    assert.equal(scaledTimeoutMs(1000, { SWITCHYARD_TIMEOUT_SCALE: "0.5" }), 500);
  });

  it("when SWITCHYARD_TIMEOUT_SCALE is not a positive number, then it throws naming the variable", () => {
    for (const text of ["0", "-1", "fast", "Infinity"]) {
      assert.throws(
        () => timeoutScale({ SWITCHYARD_TIMEOUT_SCALE: text }),
        /SWITCHYARD_TIMEOUT_SCALE must be a positive number/,
      );
    }
  });
});
