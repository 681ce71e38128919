import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  EditCartResponseSchema,
  type EditCartRequest,
  type EditCartResponse,
  type LineItem,
} from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { quoteCart } from "./cart-pricing.js";
import { invalidArgumentError, promoCodeNotFoundError } from "./pricing-errors.js";
import type { PromoCodeStore } from "./promo-code-store.js";

/**
 * The state of one EditCart call: a cart built up edit by edit. It lives only
 * as long as the call (replicas stay stateless); a client that reconnects
 * replays its edits.
 */
export interface CartEditor {
  /** Applies one edit and answers with the cart's new quote; rejects when the edit cannot be applied. */
  apply(request: EditCartRequest, signal?: AbortSignal): Promise<EditCartResponse>;
}

/** Most lines a cart may hold, as in QuoteRequest. */
export const maxCartLines = 100;

/** Creates an empty cart editor pricing with `promoCodes`. */
export function createCartEditor(promoCodes: PromoCodeStore): CartEditor {
  let currencyCode = "";
  let promoCode = "";
  const lines = new Map<string, LineItem>();
  let editsApplied = 0;
  return {
    async apply(request, signal) {
      const edit = request.edit;
      // Work on copies, so a rejected edit leaves the cart as it was.
      let nextCurrency = currencyCode;
      let nextPromo = promoCode;
      const nextLines = new Map(lines);
      switch (edit.case) {
        case "setLineItem": {
          const currency = edit.value.unitPrice?.currencyCode ?? "";
          if (nextCurrency === "") nextCurrency = currency;
          if (currency !== nextCurrency) {
            throw invalidArgumentError([
              {
                field: "set_line_item.unit_price.currency_code",
                description: `must be the cart's currency "${nextCurrency}", got "${currency}"`,
              },
            ]);
          }
          nextLines.set(edit.value.productId, edit.value);
          if (nextLines.size > maxCartLines) {
            throw invalidArgumentError([
              { field: "set_line_item", description: `a cart holds at most ${maxCartLines} lines` },
            ]);
          }
          break;
        }
        case "removeProductId":
          nextLines.delete(edit.value);
          break;
        case "setPromoCode":
          // Checked now, so an unknown code fails on the edit that sets it, even on an empty cart.
          if (edit.value !== "" && (await promoCodes.getPromoCode(edit.value, signal)) === undefined) {
            throw promoCodeNotFoundError(edit.value);
          }
          nextPromo = edit.value;
          break;
        case "setCurrencyCode":
          if (nextLines.size > 0 && edit.value !== nextCurrency) {
            throw new ConnectError(
              `the cart's currency cannot change while it has lines (it is ${nextCurrency})`,
              Code.FailedPrecondition,
            );
          }
          nextCurrency = edit.value;
          break;
        case undefined:
          throw invalidArgumentError([{ field: "edit", description: "exactly one edit must be set" }]);
      }
      const quote =
        nextLines.size === 0
          ? undefined
          : await quoteCart(
              { currencyCode: nextCurrency, lineItems: [...nextLines.values()], promoCode: nextPromo },
              promoCodes,
              signal === undefined ? {} : { signal },
            );
      currencyCode = nextCurrency;
      promoCode = nextPromo;
      lines.clear();
      for (const [id, line] of nextLines) lines.set(id, line);
      editsApplied += 1;
      return create(EditCartResponseSchema, { editsApplied, ...(quote !== undefined && { quote }) });
    },
  };
}
