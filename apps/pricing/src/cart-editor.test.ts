import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  EditCartRequestSchema,
  LineItemSchema,
} from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { createCartEditor } from "./cart-editor.js";
import { checkCartLines, quoteCart } from "./cart-pricing.js";
import { createInMemoryPromoCodeStore } from "./promo-code-store.js";

const promoCodes = createInMemoryPromoCodeStore([{ code: "HALF125", percentOffBasisPoints: 1250n }]);
const line = (productId: string, quantity: number, minorUnits: bigint, currencyCode = "EUR") =>
  create(LineItemSchema, { productId, quantity, unitPrice: { currencyCode, minorUnits } });

async function codeOf(promise: Promise<unknown>): Promise<Code> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error).code;
  }
  assert.fail("expected a failure");
}

describe("cart editing", () => {
  it("when the currency is changed while the cart has lines, then the edit fails with FAILED_PRECONDITION and the cart is unchanged", async () => {
    const editor = createCartEditor(promoCodes);
    await editor.apply(
      create(EditCartRequestSchema, { edit: { case: "setLineItem", value: line("a", 1, 100n) } }),
    );
    const code = await codeOf(
      editor.apply(create(EditCartRequestSchema, { edit: { case: "setCurrencyCode", value: "USD" } })),
    );
    assert.equal(code, Code.FailedPrecondition);
    const next = await editor.apply(
      create(EditCartRequestSchema, { edit: { case: "setLineItem", value: line("b", 1, 50n) } }),
    );
    assert.equal(next.editsApplied, 2, "the rejected edit did not count");
    assert.equal(next.quote?.total?.minorUnits, 150n);
  });

  it("when an empty cart's currency is set, then lines must use it", async () => {
    const editor = createCartEditor(promoCodes);
    await editor.apply(create(EditCartRequestSchema, { edit: { case: "setCurrencyCode", value: "USD" } }));
    const code = await codeOf(
      editor.apply(
        create(EditCartRequestSchema, { edit: { case: "setLineItem", value: line("a", 1, 100n) } }),
      ),
    );
    assert.equal(code, Code.InvalidArgument);
  });

  it("when a line is set again, then it replaces the earlier one", async () => {
    const editor = createCartEditor(promoCodes);
    await editor.apply(
      create(EditCartRequestSchema, { edit: { case: "setLineItem", value: line("a", 1, 100n) } }),
    );
    const response = await editor.apply(
      create(EditCartRequestSchema, { edit: { case: "setLineItem", value: line("a", 3, 100n) } }),
    );
    assert.deepEqual(
      response.quote?.lines.map((quoted) => [quoted.productId, quoted.quantity]),
      [["a", 3]],
    );
  });
});

describe("cart pricing", () => {
  it("when a promo is a fractional percentage, then it rounds half to even and says so", async () => {
    // 12.5 % of 1 000 = 125 exactly; of 1 004 = 125.5 → 126 (125 is odd).
    const quote = await quoteCart(
      { currencyCode: "EUR", lineItems: [line("a", 1, 1004n)], promoCode: "half125" },
      promoCodes,
    );
    const [discount] = quote.discounts;
    assert.ok(discount);
    assert.equal(discount.amount?.minorUnits, 126n);
    assert.equal(discount.description, "12.5% off with HALF125");
    assert.equal(quote.total?.minorUnits, 878n);
  });

  it("when a line total would overflow int64, then the line gets a field violation", () => {
    const violations = checkCartLines({
      currencyCode: "EUR",
      lineItems: [line("a", 10_000, 2n ** 62n)],
      promoCode: "",
    });
    assert.deepEqual(
      violations.map((violation) => violation.field),
      ["line_items[0].unit_price.minor_units"],
    );
  });
});
