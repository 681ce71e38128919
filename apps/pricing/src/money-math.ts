/**
 * Integer money arithmetic. Amounts are `bigint` minor units (cents, yen), so
 * nothing ever goes through floating point.
 */

/** One percent in basis points: percentages are stored as integer basis points (1 % = 100 bp). */
export const basisPointsPerPercent = 100n;

const basisPointsWhole = 10_000n;

/**
 * `numerator / denominator` rounded half to even ("banker's rounding"): exact
 * halves go to the even neighbour (2.5 → 2, 3.5 → 4, −2.5 → −2), so rounding
 * errors do not drift one way over many lines. `denominator` must be positive.
 */
export function divideRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator; // same sign as numerator
  const twiceRemainder = 2n * (remainder < 0n ? -remainder : remainder);
  if (twiceRemainder < denominator) return quotient;
  const awayFromZero = numerator < 0n ? quotient - 1n : quotient + 1n;
  if (twiceRemainder > denominator) return awayFromZero;
  return quotient % 2n === 0n ? quotient : awayFromZero;
}

/** `basisPoints` of `amount` (1 bp = 0.01 %), rounded half to even on minor units. */
export function percentageOf(amount: bigint, basisPoints: bigint): bigint {
  return divideRoundHalfEven(amount * basisPoints, basisPointsWhole);
}
