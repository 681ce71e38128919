import assert from "node:assert/strict";
import { EventEmitter, once } from "node:events";
import { after, before, describe, it } from "node:test";
import { Code } from "@connectrpc/connect";
import type { EditCartResponse } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { summarizeGrpcError, type GrpcErrorSummary } from "@switchyard/testing";
import { startPricingServer } from "./pricing-server.js";
import { createInMemoryPromoCodeStore, type PromoCodeStore } from "./promo-code-store.js";
import {
  createConnectPricingClient,
  createGrpcJsPricingClient,
  type EditCartSession,
  type PricingTestClient,
} from "./testing/pricing-test-clients.js";

const eur = (minorUnits: bigint) => ({ currencyCode: "EUR", minorUnits });

/**
 * Promo codes plus "SLOW", whose lookup waits until the asking call is
 * cancelled; `abortedLookups` emits "started" and "aborted" for it.
 */
function createObservablePromoCodes(): PromoCodeStore & { readonly abortedLookups: EventEmitter } {
  const builtIn = createInMemoryPromoCodeStore();
  const abortedLookups = new EventEmitter();
  return {
    abortedLookups,
    getPromoCode(code, signal) {
      if (code !== "SLOW") return builtIn.getPromoCode(code, signal);
      abortedLookups.emit("started", code);
      return new Promise((_, reject) => {
        signal?.addEventListener("abort", () => {
          abortedLookups.emit("aborted", code);
          reject(new Error("lookup aborted"));
        });
      });
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<GrpcErrorSummary> {
  try {
    await promise;
  } catch (error) {
    return summarizeGrpcError(error);
  }
  assert.fail("expected the call to fail");
}

async function nextResponse(session: EditCartSession): Promise<EditCartResponse> {
  const result = await session.responses.next();
  assert.ok(result.done !== true, "expected another response");
  return result.value;
}

/** Resolves when `emitter` emits `event`, or fails the test after `ms`. */
async function eventWithin(emitter: EventEmitter, event: string, ms: number): Promise<unknown[]> {
  return once(emitter, event, { signal: AbortSignal.timeout(ms) });
}

describe("pricing RPCs on both client stacks", () => {
  const promoCodes = createObservablePromoCodes();
  let server: RunningService | undefined;
  const clients: PricingTestClient[] = [];

  before(async () => {
    server = await startPricingServer({
      promoCodes,
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    });
    clients.push(
      createConnectPricingClient(server.url),
      createGrpcJsPricingClient(`127.0.0.1:${server.port}`),
    );
  });

  after(async () => {
    for (const client of clients) client.close();
    await server?.forceClose();
  });

  for (const stack of ["connect", "grpc-js"]) {
    const client = (): PricingTestClient => {
      const found = clients.find((candidate) => candidate.stack === stack);
      assert.ok(found !== undefined, `before() created the ${stack} client`);
      return found;
    };

    describe(`with the ${stack} client`, () => {
      it("when a cart has a bulk line and a promo code, then Quote applies both, rounding half to even", async () => {
        const { quote } = await client().quote({
          currencyCode: "EUR",
          lineItems: [
            { productId: "sku-espresso-250g", quantity: 2, unitPrice: eur(1290n) },
            { productId: "sku-filter-1kg", quantity: 10, unitPrice: eur(3450n) },
          ],
          promoCode: "welcome10",
        });
        assert.ok(quote);
        assert.deepEqual(
          quote.lines.map((line) => line.lineTotal?.minorUnits),
          [2580n, 34500n],
        );
        assert.equal(quote.subtotal?.minorUnits, 37080n);
        // Bulk: 5 % of 34 500 = 1 725. Promo: 10 % of (37 080 − 1 725) = 3 535.5 → 3 536 (half to even).
        assert.deepEqual(
          quote.discounts.map((discount) => [discount.code, discount.amount?.minorUnits]),
          [
            ["BULK", 1725n],
            ["WELCOME10", 3536n],
          ],
        );
        assert.equal(quote.discountTotal?.minorUnits, 5261n);
        assert.equal(quote.total?.minorUnits, 31819n);
        assert.equal(quote.total.currencyCode, "EUR");
      });

      it("when a line's price is in another currency, then Quote fails with INVALID_ARGUMENT on that line's currency", async () => {
        const error = await rejection(
          client().quote({
            currencyCode: "EUR",
            lineItems: [
              { productId: "sku-a", quantity: 1, unitPrice: eur(100n) },
              { productId: "sku-b", quantity: 1, unitPrice: { currencyCode: "USD", minorUnits: 100n } },
            ],
          }),
        );
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(
          error.fieldViolations.map((violation) => violation.field),
          ["line_items[1].unit_price.currency_code"],
        );
      });

      it("when a product appears twice, then Quote fails with INVALID_ARGUMENT on the second line", async () => {
        const line = { productId: "sku-a", quantity: 1, unitPrice: eur(100n) };
        const error = await rejection(client().quote({ currencyCode: "EUR", lineItems: [line, line] }));
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(
          error.fieldViolations.map((violation) => violation.field),
          ["line_items[1].product_id"],
        );
      });

      it("when the request breaks the proto's rules, then Quote fails with INVALID_ARGUMENT naming every field", async () => {
        const error = await rejection(
          client().quote({
            currencyCode: "eur",
            lineItems: [{ productId: "", quantity: 0, unitPrice: { currencyCode: "EUR", minorUnits: -1n } }],
          }),
        );
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(error.fieldViolations.map((violation) => violation.field).sort(), [
          "currency_code",
          "line_items[0].product_id",
          "line_items[0].quantity",
          "line_items[0].unit_price",
        ]);
      });

      it("when the cart is empty, then Quote fails with INVALID_ARGUMENT on line_items", async () => {
        const error = await rejection(client().quote({ currencyCode: "EUR" }));
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(
          error.fieldViolations.map((violation) => violation.field),
          ["line_items"],
        );
      });

      it("when the promo code does not exist, then Quote fails with NOT_FOUND naming it", async () => {
        const error = await rejection(
          client().quote({
            currencyCode: "EUR",
            lineItems: [{ productId: "sku-a", quantity: 1, unitPrice: eur(100n) }],
            promoCode: "NOPE",
          }),
        );
        assert.equal(error.code, Code.NotFound);
        assert.match(error.message, /NOPE/);
      });

      it("when the cart does not qualify for the promo code, then Quote fails with FAILED_PRECONDITION", async () => {
        const small = await rejection(
          client().quote({
            currencyCode: "EUR",
            lineItems: [{ productId: "sku-a", quantity: 1, unitPrice: eur(100n) }],
            promoCode: "SPRING15",
          }),
        );
        assert.equal(small.code, Code.FailedPrecondition);
        assert.match(small.message, /at least 5000/);
        const dollars = await rejection(
          client().quote({
            currencyCode: "USD",
            lineItems: [
              { productId: "sku-a", quantity: 100, unitPrice: { currencyCode: "USD", minorUnits: 100n } },
            ],
            promoCode: "SPRING15",
          }),
        );
        assert.equal(dollars.code, Code.FailedPrecondition);
        assert.match(dollars.message, /only to EUR carts/);
      });

      it("when the deadline passes during a lookup, then Quote fails with DEADLINE_EXCEEDED and the server abandons the lookup", async () => {
        const aborted = eventWithin(promoCodes.abortedLookups, "aborted", 2000);
        const error = await rejection(
          client().quote(
            {
              currencyCode: "EUR",
              lineItems: [{ productId: "sku-a", quantity: 1, unitPrice: eur(100n) }],
              promoCode: "SLOW",
            },
            { timeoutMs: 100 },
          ),
        );
        assert.equal(error.code, Code.DeadlineExceeded);
        assert.deepEqual(await aborted, ["SLOW"]);
      });

      it("when edits are streamed, then each answer carries the running totals", async () => {
        const session = client().editCart({ timeoutMs: 5000 });
        session.send({
          edit: { case: "setLineItem", value: { productId: "sku-a", quantity: 2, unitPrice: eur(250n) } },
        });
        const first = await nextResponse(session);
        assert.equal(first.editsApplied, 1);
        assert.equal(first.quote?.total?.minorUnits, 500n);
        session.send({
          edit: { case: "setLineItem", value: { productId: "sku-b", quantity: 10, unitPrice: eur(99n) } },
        });
        const second = await nextResponse(session);
        // 500 + 990, bulk 5 % of 990 = 49.5 → 50 (half to even).
        assert.deepEqual(
          [
            second.quote?.subtotal?.minorUnits,
            second.quote?.discountTotal?.minorUnits,
            second.quote?.total?.minorUnits,
          ],
          [1490n, 50n, 1440n],
        );
        session.send({ edit: { case: "setPromoCode", value: "WELCOME10" } });
        const third = await nextResponse(session);
        // 10 % of 1 440 = 144.
        assert.equal(third.quote?.total?.minorUnits, 1296n);
        session.send({ edit: { case: "removeProductId", value: "sku-b" } });
        const fourth = await nextResponse(session);
        assert.equal(fourth.quote?.total?.minorUnits, 450n);
        session.send({ edit: { case: "removeProductId", value: "sku-a" } });
        const fifth = await nextResponse(session);
        assert.equal(fifth.editsApplied, 5);
        assert.equal(fifth.quote, undefined, "an empty cart has no quote");
        session.end();
        assert.equal((await session.responses.next()).done, true);
      });

      it("when an edit uses another currency mid-stream, then the call ends with INVALID_ARGUMENT on that edit", async () => {
        const session = client().editCart({ timeoutMs: 5000 });
        session.send({
          edit: { case: "setLineItem", value: { productId: "sku-a", quantity: 1, unitPrice: eur(100n) } },
        });
        await nextResponse(session);
        session.send({
          edit: {
            case: "setLineItem",
            value: { productId: "sku-b", quantity: 1, unitPrice: { currencyCode: "USD", minorUnits: 100n } },
          },
        });
        const error = await rejection(nextResponse(session));
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(
          error.fieldViolations.map((violation) => violation.field),
          ["set_line_item.unit_price.currency_code"],
        );
        session.end();
      });

      it("when a streamed edit breaks the proto's rules, then the call ends with INVALID_ARGUMENT naming the field", async () => {
        const session = client().editCart({ timeoutMs: 5000 });
        session.send({
          edit: { case: "setLineItem", value: { productId: "sku-a", quantity: 0, unitPrice: eur(1n) } },
        });
        const error = await rejection(nextResponse(session));
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(
          error.fieldViolations.map((violation) => violation.field),
          ["set_line_item.quantity"],
        );
        session.end();
      });

      it("when an edit sets an unknown promo code, then the call ends with NOT_FOUND", async () => {
        const session = client().editCart({ timeoutMs: 5000 });
        session.send({ edit: { case: "setPromoCode", value: "NOPE" } });
        const error = await rejection(nextResponse(session));
        assert.equal(error.code, Code.NotFound);
        session.end();
      });

      it("when an edit outlives the call's deadline, then EditCart ends with DEADLINE_EXCEEDED and the lookup is abandoned", async () => {
        const aborted = eventWithin(promoCodes.abortedLookups, "aborted", 2000);
        const session = client().editCart({ timeoutMs: 200 });
        session.send({ edit: { case: "setPromoCode", value: "SLOW" } });
        const error = await rejection(nextResponse(session));
        assert.equal(error.code, Code.DeadlineExceeded);
        assert.deepEqual(await aborted, ["SLOW"]);
      });

      it("when the client cancels mid-stream, then the server abandons the edit in progress", async () => {
        const abort = new AbortController();
        const session = client().editCart({ signal: abort.signal });
        session.send({
          edit: { case: "setLineItem", value: { productId: "sku-a", quantity: 1, unitPrice: eur(100n) } },
        });
        await nextResponse(session);
        const started = eventWithin(promoCodes.abortedLookups, "started", 2000);
        const aborted = eventWithin(promoCodes.abortedLookups, "aborted", 2000);
        session.send({ edit: { case: "setPromoCode", value: "SLOW" } });
        const pending = rejection(nextResponse(session));
        await started;
        abort.abort();
        const error = await pending;
        assert.equal(error.code, Code.Canceled);
        assert.deepEqual(await aborted, ["SLOW"]);
      });
    });
  }
});
