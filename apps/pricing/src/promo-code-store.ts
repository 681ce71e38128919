/** A promo code: a percentage off the cart, possibly limited to one currency and a minimum spend. */
export interface PromoCode {
  /** The code customers type, upper case, e.g. "WELCOME10". */
  readonly code: string;
  /** Discount in basis points of the subtotal after bulk discounts (1 000 = 10 %). */
  readonly percentOffBasisPoints: bigint;
  /** When set, the code applies only to carts in this currency. */
  readonly currencyCode?: string;
  /** When set, the code applies only from this subtotal (minor units of `currencyCode`). */
  readonly minimumSubtotalMinorUnits?: bigint;
}

/**
 * Where promo codes come from. Pricing depends only on this interface, so a
 * team can swap the built-in list for a database or a campaign service.
 */
export interface PromoCodeStore {
  /**
   * The promo code `code` (matched ignoring case), or `undefined` when there is
   * none. `signal` aborts when the call that asks is cancelled or times out.
   */
  getPromoCode(code: string, signal?: AbortSignal): Promise<PromoCode | undefined>;
}

/** The promo codes the reference deployment knows. */
export const builtInPromoCodes: readonly PromoCode[] = [
  { code: "WELCOME10", percentOffBasisPoints: 1000n },
  { code: "SPRING15", percentOffBasisPoints: 1500n, currencyCode: "EUR", minimumSubtotalMinorUnits: 5000n },
];

/** A store that keeps `codes` in memory. */
export function createInMemoryPromoCodeStore(
  codes: readonly PromoCode[] = builtInPromoCodes,
): PromoCodeStore {
  const byCode = new Map(codes.map((promo) => [promo.code.toUpperCase(), promo]));
  return {
    getPromoCode: (code) => Promise.resolve(byCode.get(code.toUpperCase())),
  };
}
