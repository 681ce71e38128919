import assert from "node:assert/strict";
import { once, type EventEmitter } from "node:events";
import { after, before, describe, it } from "node:test";
import { Code } from "@connectrpc/connect";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { summarizeGrpcError, type GrpcErrorSummary } from "@switchyard/testing";
import { loadCheckoutConfig } from "./checkout-config.js";
import { startCheckoutServer } from "./checkout-server.js";
import { createInMemoryOrderStore } from "./order-store.js";
import {
  createConnectCheckoutClient,
  createGrpcJsCheckoutClient,
  type CheckoutTestClient,
} from "./testing/checkout-test-clients.js";
import { startFakeCatalog, startFakePricing, type FakeDependency } from "./testing/fake-dependencies.js";

const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

async function rejection(promise: Promise<unknown>): Promise<GrpcErrorSummary> {
  try {
    await promise;
  } catch (error) {
    return summarizeGrpcError(error);
  }
  assert.fail("expected the call to fail");
}

function eventWithin(emitter: EventEmitter, event: string, ms: number): Promise<unknown[]> {
  return once(emitter, event, { signal: AbortSignal.timeout(ms) });
}

describe("checkout RPCs on both client stacks, against two replicas of each dependency", () => {
  const catalogs: FakeDependency[] = [];
  const pricings: FakeDependency[] = [];
  let server: RunningService | undefined;
  const clients: CheckoutTestClient[] = [];

  before(async () => {
    catalogs.push(await startFakeCatalog(), await startFakeCatalog());
    pricings.push(await startFakePricing(), await startFakePricing());
    server = await startCheckoutServer({
      checkout: loadCheckoutConfig({
        CATALOG_URLS: catalogs.map((catalog) => catalog.server.url).join(","),
        PRICING_TARGET: `ipv4:${pricings.map((pricing) => `127.0.0.1:${pricing.server.port}`).join(",")}`,
        DEPENDENCY_TIMEOUT_MS: "10000",
        DEADLINE_MARGIN_MS: "100",
      }),
      orders: createInMemoryOrderStore(),
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    });
    clients.push(
      createConnectCheckoutClient(server.url),
      createGrpcJsCheckoutClient(`127.0.0.1:${server.port}`),
    );
  });

  after(async () => {
    for (const client of clients) client.close();
    await server?.forceClose();
    await Promise.all([...catalogs, ...pricings].map((dependency) => dependency.server.forceClose()));
  });

  /** Marks where each replica's call log stands; `since()` returns the calls each received after it. */
  const mark = (dependencies: readonly FakeDependency[]) => {
    const counts = dependencies.map((dependency) => dependency.calls.length);
    return {
      since: () => dependencies.flatMap((dependency, index) => dependency.calls.slice(counts[index])),
    };
  };

  for (const stack of ["connect", "grpc-js"]) {
    const client = (): CheckoutTestClient => {
      const found = clients.find((candidate) => candidate.stack === stack);
      assert.ok(found !== undefined, `before() created the ${stack} client`);
      return found;
    };

    describe(`with the ${stack} client`, () => {
      it("when an order is placed, then it is priced from catalog prices, with the deadline and trace context propagated", async () => {
        const catalogMark = mark(catalogs);
        const pricingMark = mark(pricings);
        const { order } = await client().placeOrder(
          {
            customerId: "cust-1",
            lines: [
              { productId: "sku-espresso-250g", quantity: 2 },
              { productId: "sku-aeropress", quantity: 1 },
            ],
          },
          { timeoutMs: 5000, headers: { traceparent } },
        );
        assert.ok(order);
        assert.match(order.id, /^ord-[0-9a-f]{32}$/);
        assert.equal(order.customerId, "cust-1");
        assert.equal(order.quote?.total?.minorUnits, 2n * 1290n + 3990n);
        assert.equal(order.quote.total.currencyCode, "EUR");
        const downstream = [...catalogMark.since(), ...pricingMark.since()];
        assert.equal(downstream.length, 3, "two product lookups and one quote");
        for (const call of downstream) {
          assert.equal(call.traceparent, traceparent, `${call.subject}: trace context forwarded`);
          assert.ok(call.timeoutMs !== undefined, `${call.subject}: a deadline was sent`);
          // 5 000 ms from the client (under checkout's 10 s cap), minus the 100 ms margin, minus
          // time already spent: seconds of room for a loaded machine.
          assert.ok(
            call.timeoutMs <= 4900 && call.timeoutMs > 2000,
            `${call.subject}: deadline ${call.timeoutMs} ms`,
          );
        }
      });

      it("when several orders are placed, then calls are spread over every replica of both dependencies", async () => {
        const catalogCounts = catalogs.map((catalog) => catalog.calls.length);
        const pricingCounts = pricings.map((pricing) => pricing.calls.length);
        for (let order = 0; order < 4; order++) {
          await client().placeOrder({
            customerId: "cust-2",
            lines: [{ productId: "sku-aeropress", quantity: 1 }],
          });
        }
        catalogs.forEach((catalog, index) => {
          assert.ok(catalog.calls.length > (catalogCounts[index] ?? 0), `catalog replica ${index} got calls`);
        });
        pricings.forEach((pricing, index) => {
          assert.ok(pricing.calls.length > (pricingCounts[index] ?? 0), `pricing replica ${index} got calls`);
        });
      });

      it("when the request breaks the proto's rules, then PlaceOrder fails with INVALID_ARGUMENT naming the fields", async () => {
        const error = await rejection(client().placeOrder({ customerId: "", lines: [] }));
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(error.fieldViolations.map((violation) => violation.field).sort(), [
          "customer_id",
          "lines",
        ]);
      });

      it("when a product appears twice, then PlaceOrder fails with INVALID_ARGUMENT on the second line", async () => {
        const line = { productId: "sku-aeropress", quantity: 1 };
        const error = await rejection(client().placeOrder({ customerId: "cust-3", lines: [line, line] }));
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(
          error.fieldViolations.map((violation) => violation.field),
          ["lines[1].product_id"],
        );
      });

      it("when a product does not exist, then PlaceOrder fails with NOT_FOUND naming it", async () => {
        const error = await rejection(
          client().placeOrder({ customerId: "cust-4", lines: [{ productId: "sku-missing", quantity: 1 }] }),
        );
        assert.equal(error.code, Code.NotFound);
        assert.match(error.message, /sku-missing/);
      });

      it("when the products are priced in different currencies, then PlaceOrder fails with FAILED_PRECONDITION", async () => {
        const error = await rejection(
          client().placeOrder({
            customerId: "cust-5",
            lines: [
              { productId: "sku-aeropress", quantity: 1 },
              { productId: "sku-us-mug", quantity: 1 },
            ],
          }),
        );
        assert.equal(error.code, Code.FailedPrecondition);
        assert.match(error.message, /different currencies \(EUR, USD\)/);
      });

      it("when pricing does not know the promo code, then PlaceOrder fails with NOT_FOUND", async () => {
        const error = await rejection(
          client().placeOrder({
            customerId: "cust-6",
            lines: [{ productId: "sku-aeropress", quantity: 1 }],
            promoCode: "NOPE",
          }),
        );
        assert.equal(error.code, Code.NotFound);
        assert.match(error.message, /NOPE/);
      });

      it("when the deadline passes while the catalog is slow, then PlaceOrder fails with DEADLINE_EXCEEDED and the catalog call is abandoned", async () => {
        const aborted = Promise.any(catalogs.map((catalog) => eventWithin(catalog.events, "aborted", 3000)));
        const started = performance.now();
        const error = await rejection(
          client().placeOrder(
            { customerId: "cust-7", lines: [{ productId: "sku-slow", quantity: 1 }] },
            { timeoutMs: 300 },
          ),
        );
        assert.equal(error.code, Code.DeadlineExceeded);
        assert.ok(performance.now() - started < 1500, "failed near the deadline");
        assert.deepEqual(await aborted, ["sku-slow"]);
      });

      it("when the client cancels while pricing is slow, then the pricing call is cancelled too", async () => {
        const abort = new AbortController();
        const started = Promise.any(pricings.map((pricing) => eventWithin(pricing.events, "started", 3000)));
        const aborted = Promise.any(pricings.map((pricing) => eventWithin(pricing.events, "aborted", 3000)));
        const pending = rejection(
          client().placeOrder(
            { customerId: "cust-8", lines: [{ productId: "sku-aeropress", quantity: 1 }], promoCode: "SLOW" },
            { signal: abort.signal },
          ),
        );
        await started;
        abort.abort();
        assert.equal((await pending).code, Code.Canceled);
        assert.deepEqual(await aborted, ["SLOW"]);
      });

      it("when line items are imported, then rows are merged, unknown products reported and the rest priced", async () => {
        const session = client().importLineItems({ timeoutMs: 5000 });
        for (const [productId, quantity] of [
          ["sku-espresso-250g", 1],
          ["sku-aeropress", 2],
          ["sku-missing", 1],
          ["sku-espresso-250g", 3],
        ] as const) {
          session.send({ line: { productId, quantity } });
        }
        session.end();
        const summary = await session.response;
        assert.equal(summary.received, 4);
        assert.equal(summary.accepted, 3);
        assert.deepEqual(
          summary.rejected.map((row) => [row.index, row.productId, row.reason]),
          [[2, "sku-missing", "product not found"]],
        );
        assert.deepEqual(
          summary.lines.map((line) => [line.productId, line.quantity]),
          [
            ["sku-espresso-250g", 4],
            ["sku-aeropress", 2],
          ],
        );
        assert.equal(summary.quote?.total?.minorUnits, 4n * 1290n + 2n * 3990n);
      });

      it("when an imported row breaks the proto's rules, then ImportLineItems fails with INVALID_ARGUMENT naming the field", async () => {
        const session = client().importLineItems({ timeoutMs: 5000 });
        session.send({ line: { productId: "sku-aeropress", quantity: 1 } });
        session.send({ line: { productId: "sku-aeropress", quantity: 0 } });
        session.end();
        const error = await rejection(session.response);
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(
          error.fieldViolations.map((violation) => violation.field),
          ["line.quantity"],
        );
      });

      it("when the deadline passes during an import's lookups, then ImportLineItems fails with DEADLINE_EXCEEDED", async () => {
        const session = client().importLineItems({ timeoutMs: 300 });
        session.send({ line: { productId: "sku-slow", quantity: 1 } });
        session.end();
        const error = await rejection(session.response);
        assert.equal(error.code, Code.DeadlineExceeded);
      });

      it("when the client cancels an import mid-stream, then the server stops without calling its dependencies", async () => {
        const catalogMark = mark(catalogs);
        const abort = new AbortController();
        const session = client().importLineItems({ signal: abort.signal });
        session.send({ line: { productId: "sku-aeropress", quantity: 1 } });
        abort.abort();
        const error = await rejection(session.response);
        assert.equal(error.code, Code.Canceled);
        // Any later call proves the dependencies idle: one order's lookup is the only new catalog call.
        await client().placeOrder({
          customerId: "cust-9",
          lines: [{ productId: "sku-espresso-250g", quantity: 1 }],
        });
        assert.deepEqual(
          catalogMark.since().map((call) => call.subject),
          ["sku-espresso-250g"],
        );
      });
    });
  }
});
