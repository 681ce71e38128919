import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { divideRoundHalfEven, percentageOf } from "./money-math.js";

describe("half-even rounding on minor units", () => {
  const cases: [bigint, bigint, bigint][] = [
    [5n, 2n, 2n], // 2.5 → 2 (even)
    [7n, 2n, 4n], // 3.5 → 4 (even)
    [-5n, 2n, -2n], // −2.5 → −2
    [-7n, 2n, -4n], // −3.5 → −4
    [10n, 4n, 2n], // 2.5 → 2
    [11n, 4n, 3n], // 2.75 → 3
    [9n, 4n, 2n], // 2.25 → 2
    [-11n, 4n, -3n],
    [6n, 3n, 2n], // exact
    [0n, 7n, 0n],
  ];
  for (const [numerator, denominator, expected] of cases) {
    it(`when ${numerator}/${denominator} is rounded, then it is ${expected}`, () => {
      assert.equal(divideRoundHalfEven(numerator, denominator), expected);
    });
  }

  it("when a percentage of an amount falls on an exact half cent, then it rounds to the even cent", () => {
    // 10 % of 1 25 cents = 12.5 → 12; 10 % of 135 = 13.5 → 14.
    assert.equal(percentageOf(125n, 1000n), 12n);
    assert.equal(percentageOf(135n, 1000n), 14n);
    // 5 % of 12 990 = 649.5 → 650 (the bulk discount on 10 × 12.99).
    assert.equal(percentageOf(12_990n, 500n), 650n);
  });

  it("when amounts exceed 2^53, then arithmetic stays exact", () => {
    const big = 2n ** 60n + 1n;
    assert.equal(percentageOf(big, 10_000n), big);
  });

  it("when the denominator is not positive, then it throws", () => {
    assert.throws(() => divideRoundHalfEven(1n, 0n), RangeError);
  });
});
