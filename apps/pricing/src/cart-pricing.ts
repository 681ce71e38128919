import { create } from "@bufbuild/protobuf";
import {
  AppliedDiscountSchema,
  CartQuoteSchema,
  type AppliedDiscount,
  type CartQuote,
  type LineItem,
} from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { MoneySchema, type Money } from "@switchyard/proto/switchyard/type/v1/money";
import { percentageOf } from "./money-math.js";
import {
  failedPreconditionError,
  invalidArgumentError,
  promoCodeNotFoundError,
  type FieldViolation,
} from "./pricing-errors.js";
import type { PromoCodeStore } from "./promo-code-store.js";

/** A cart to price: one currency, lines, an optional promo code. */
export interface Cart {
  /** ISO 4217 code every unit price must use. */
  readonly currencyCode: string;
  /** The lines, each product at most once. */
  readonly lineItems: readonly LineItem[];
  /** Promo code to apply; empty for none. */
  readonly promoCode: string;
}

/** The bulk discount: `basisPoints` off every line of at least `minimumQuantity` units. */
export const bulkDiscount = { minimumQuantity: 10, basisPoints: 500n } as const;

const int64Max = 2n ** 63n - 1n;

/**
 * Checks what the proto's validation rules cannot see: every unit price in the
 * cart's currency, each product once, amounts within int64. `field` names the
 * repeated field in the caller's request, for the violations' paths.
 */
export function checkCartLines(cart: Cart, field = "line_items"): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const seen = new Set<string>();
  cart.lineItems.forEach((line, index) => {
    const at = `${field}[${index}]`;
    const currency = line.unitPrice?.currencyCode ?? "";
    if (currency !== cart.currencyCode) {
      violations.push({
        field: `${at}.unit_price.currency_code`,
        description: `must be the cart's currency "${cart.currencyCode}", got "${currency}"`,
      });
    }
    if (seen.has(line.productId)) {
      violations.push({
        field: `${at}.product_id`,
        description: `"${line.productId}" appears more than once; merge the lines`,
      });
    }
    seen.add(line.productId);
    if ((line.unitPrice?.minorUnits ?? 0n) * BigInt(line.quantity) > int64Max) {
      violations.push({
        field: `${at}.unit_price.minor_units`,
        description: "line total exceeds the largest amount (int64)",
      });
    }
  });
  return violations;
}

/** Basis points as a percentage for people: 1500n → "15%", 1250n → "12.5%". */
function formatBasisPoints(basisPoints: bigint): string {
  const whole = basisPoints / 100n;
  const fraction = basisPoints % 100n;
  return fraction === 0n ? `${whole}%` : `${whole}.${String(fraction).padStart(2, "0").replace(/0$/, "")}%`;
}

function money(currencyCode: string, minorUnits: bigint): Money {
  return create(MoneySchema, { currencyCode, minorUnits });
}

/**
 * Prices a cart:
 *
 * 1. line total = unit price × quantity (exact);
 * 2. bulk discount: 5 % off each line of 10 or more units, rounded half to even per line;
 * 3. promo code: its percentage off the subtotal after bulk discounts, rounded half to even once;
 * 4. total = subtotal − discounts.
 *
 * Fails with INVALID_ARGUMENT (field violations) for an inconsistent cart,
 * NOT_FOUND for an unknown promo code, FAILED_PRECONDITION for a promo code
 * the cart does not qualify for (another currency, below the minimum spend).
 */
export async function quoteCart(
  cart: Cart,
  promoCodes: PromoCodeStore,
  options: { readonly field?: string; readonly signal?: AbortSignal } = {},
): Promise<CartQuote> {
  const field = options.field ?? "line_items";
  const violations = checkCartLines(cart, field);
  if (violations.length > 0) throw invalidArgumentError(violations);
  const currency = cart.currencyCode;
  const discounts: AppliedDiscount[] = [];
  let subtotal = 0n;
  const lines = cart.lineItems.map((line) => {
    const unit = line.unitPrice?.minorUnits ?? 0n;
    const lineTotal = unit * BigInt(line.quantity);
    subtotal += lineTotal;
    if (line.quantity >= bulkDiscount.minimumQuantity) {
      const amount = percentageOf(lineTotal, bulkDiscount.basisPoints);
      if (amount > 0n) {
        discounts.push(
          create(AppliedDiscountSchema, {
            code: "BULK",
            description: `${formatBasisPoints(bulkDiscount.basisPoints)} off ${line.productId} (${bulkDiscount.minimumQuantity} or more units)`,
            amount: money(currency, amount),
          }),
        );
      }
    }
    return {
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: money(currency, unit),
      lineTotal: money(currency, lineTotal),
    };
  });
  const bulkTotal = discounts.reduce((sum, discount) => sum + (discount.amount?.minorUnits ?? 0n), 0n);
  if (cart.promoCode !== "") {
    const promo = await promoCodes.getPromoCode(cart.promoCode, options.signal);
    if (promo === undefined) throw promoCodeNotFoundError(cart.promoCode);
    if (promo.currencyCode !== undefined && promo.currencyCode !== currency) {
      throw failedPreconditionError(
        "PROMO_CURRENCY",
        `promo/${promo.code}`,
        `promo code "${promo.code}" applies only to ${promo.currencyCode} carts, this cart is in ${currency}`,
      );
    }
    if (promo.minimumSubtotalMinorUnits !== undefined && subtotal < promo.minimumSubtotalMinorUnits) {
      throw failedPreconditionError(
        "PROMO_MINIMUM_SUBTOTAL",
        `promo/${promo.code}`,
        `promo code "${promo.code}" needs a subtotal of at least ${promo.minimumSubtotalMinorUnits} minor units, the cart has ${subtotal}`,
      );
    }
    const amount = percentageOf(subtotal - bulkTotal, promo.percentOffBasisPoints);
    if (amount > 0n) {
      discounts.push(
        create(AppliedDiscountSchema, {
          code: promo.code,
          description: `${formatBasisPoints(promo.percentOffBasisPoints)} off with ${promo.code}`,
          amount: money(currency, amount),
        }),
      );
    }
  }
  const discountTotal = discounts.reduce((sum, discount) => sum + (discount.amount?.minorUnits ?? 0n), 0n);
  return create(CartQuoteSchema, {
    currencyCode: currency,
    lines,
    subtotal: money(currency, subtotal),
    discounts,
    discountTotal: money(currency, discountTotal),
    total: money(currency, subtotal - discountTotal),
  });
}
