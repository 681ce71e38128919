import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { BadRequestSchema, PreconditionFailureSchema } from "@switchyard/proto/google/rpc/error_details";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";

import {
  clientFor,
  expectCode,
  quoteRequest,
  traceparent,
  untilLogged,
  noLogs,
  knownProduct,
  type SuiteCase,
} from "./suite-case-support.js";

/** Cases of the platform's RPCs (every call kind, errors, metadata, limits) over gRPC. */
export const rpcCases: readonly SuiteCase[] = [
  {
    name: "when a product is asked (unary, connect-node catalog), then it arrives with x-served-by from every replica behind",
    async run({ entry }) {
      const client = clientFor(entry, CatalogService, "catalog");
      const servedBy = new Set<string>();
      for (let call = 0; call < 6; call++) {
        let replica: string | null = null;
        const { product } = await client.getProduct(
          { id: knownProduct },
          { onHeader: (headers) => (replica = headers.get("x-served-by")), timeoutMs: 5000 },
        );
        assert.equal(product?.id, knownProduct);
        assert.ok(replica, "x-served-by is in the response headers");
        servedBy.add(replica);
      }
      const expected = entry.expectedReplicas("catalog");
      if (expected !== undefined)
        assert.equal(servedBy.size, expected, `served by ${[...servedBy].join(", ")}`);
    },
  },
  {
    name: "when products are listed (unary), then a page arrives with a next page token",
    async run({ entry }) {
      const client = clientFor(entry, CatalogService, "catalog");
      const page = await client.listProducts({ pageSize: 2 }, { timeoutMs: 5000 });
      assert.equal(page.products.length, 2);
      assert.notEqual(page.nextPageToken, "");
    },
  },
  {
    name: "when stock levels are watched (server stream), then events arrive until the client's deadline ends it with DEADLINE_EXCEEDED",
    async run({ entry }) {
      const client = clientFor(entry, CatalogService, "catalog");
      let events = 0;
      const started = Date.now();
      await expectCode(
        (async () => {
          for await (const event of client.watchStockLevels(
            { productIds: [knownProduct] },
            { timeoutMs: 1500 },
          ))
            if (event.event.case !== undefined) events++;
        })(),
        Code.DeadlineExceeded,
      );
      assert.ok(events >= 1, "the current stock level arrived first");
      assert.ok(Date.now() - started < 6000, "the deadline, not a proxy timeout, ended the stream");
    },
  },
  {
    name: "when a quote is asked (unary, grpc-js pricing), then the total arrives",
    async run({ entry }) {
      const client = clientFor(entry, PricingService, "pricing");
      const servedBy = new Set<string>();
      for (let call = 0; call < 4; call++) {
        let replica: string | null = null;
        const { quote } = await client.quote(quoteRequest(), {
          timeoutMs: 5000,
          onHeader: (headers) => (replica = headers.get("x-served-by")),
        });
        assert.equal(quote?.total?.minorUnits, 2580n);
        assert.ok(replica, "x-served-by from the grpc-js stack");
        servedBy.add(replica);
      }
      const expected = entry.expectedReplicas("pricing");
      if (expected !== undefined)
        assert.equal(servedBy.size, expected, `served by ${[...servedBy].join(", ")}`);
    },
  },
  {
    name: "when a cart is edited (bidi stream, grpc-js), then every edit is answered in order",
    async run({ entry }) {
      const client = clientFor(entry, PricingService, "pricing");
      async function* edits() {
        await Promise.resolve();
        yield { edit: { case: "setCurrencyCode" as const, value: "EUR" } };
        yield {
          edit: {
            case: "setLineItem" as const,
            value: {
              productId: knownProduct,
              quantity: 2,
              unitPrice: { currencyCode: "EUR", minorUnits: 1290n },
            },
          },
        };
        yield { edit: { case: "setPromoCode" as const, value: "WELCOME10" } };
      }
      const answers = [];
      for await (const answer of client.editCart(edits(), { timeoutMs: 5000 })) answers.push(answer);
      assert.deepEqual(
        answers.map((answer) => answer.editsApplied),
        [1, 2, 3],
      );
      assert.equal(answers[2]?.quote?.total?.minorUnits, 2322n);
    },
  },
  {
    name: "when an order is placed (unary; checkout calls catalog and pricing), then it gets an id and a total",
    async run({ entry }) {
      const client = clientFor(entry, CheckoutService, "checkout");
      const { order } = await client.placeOrder(
        { requestId: randomUUID(), customerId: "suite", lines: [{ productId: knownProduct, quantity: 1 }] },
        { timeoutMs: 10_000 },
      );
      assert.match(order?.id ?? "", /^ord-/);
      assert.equal(order?.quote?.total?.minorUnits, 1290n);
    },
  },
  {
    name: "when line items are imported (client stream), then one answer counts accepted and rejected rows",
    async run({ entry }) {
      const client = clientFor(entry, CheckoutService, "checkout");
      async function* rows() {
        await Promise.resolve();
        yield { line: { productId: knownProduct, quantity: 1 } };
        yield { line: { productId: "sku-missing", quantity: 1 } };
        yield { line: { productId: knownProduct, quantity: 2 } };
      }
      const response = await client.importLineItems(rows(), { timeoutMs: 10_000 });
      assert.equal(response.received, 3);
      assert.equal(response.accepted, 2);
      assert.deepEqual(
        response.rejected.map((row) => row.productId),
        ["sku-missing"],
      );
      assert.equal(response.lines[0]?.quantity, 3, "rows of one product are merged");
    },
  },
  {
    name: "when a request carries traceparent metadata, then the replica sees it and checkout forwards it to catalog",
    skip: noLogs,
    async run({ entry }) {
      const { header, traceId } = traceparent();
      const client = clientFor(entry, CheckoutService, "checkout");
      await client.placeOrder(
        { requestId: randomUUID(), customerId: "suite", lines: [{ productId: knownProduct, quantity: 1 }] },
        { timeoutMs: 10_000, headers: { traceparent: header } },
      );
      const checkoutLine = await untilLogged(entry, "checkout", (line) => line["traceId"] === traceId);
      assert.equal(checkoutLine["method"], "/switchyard.checkout.v1.CheckoutService/PlaceOrder");
      await untilLogged(
        entry,
        "catalog",
        (line) =>
          line["traceId"] === traceId &&
          line["method"] === "/switchyard.catalog.v1.CatalogService/GetProduct",
      );
    },
  },
  {
    name: "when a request is invalid, then INVALID_ARGUMENT, x-served-by and google.rpc.BadRequest in the trailers survive",
    async run({ entry }) {
      const client = clientFor(entry, CatalogService, "catalog");
      let trailers: Headers | undefined;
      const error = await expectCode(
        client.getProduct({ id: "" }, { timeoutMs: 5000, onTrailer: (received) => (trailers = received) }),
        Code.InvalidArgument,
      );
      const [badRequest] = error.findDetails(BadRequestSchema);
      assert.deepEqual(
        badRequest?.fieldViolations.map((violation) => violation.field),
        ["id"],
      );
      const metadata = trailers ?? error.metadata;
      assert.ok(metadata.get("grpc-status-details-bin"), "grpc-status-details-bin arrived");
      assert.ok(error.metadata.get("x-served-by"), "x-served-by arrived with the error");
    },
  },
  {
    name: "when the services fail a call, then each status code and its message arrive intact",
    async run({ entry }) {
      const catalog = clientFor(entry, CatalogService, "catalog");
      const pricing = clientFor(entry, PricingService, "pricing");
      const checkout = clientFor(entry, CheckoutService, "checkout");
      const notFound = await expectCode(
        catalog.getProduct({ id: "sku-missing" }, { timeoutMs: 5000 }),
        Code.NotFound,
      );
      assert.match(notFound.rawMessage, /sku-missing/);
      // grpc-js answers Trailers-Only; the code must survive that form too.
      const promoNotFound = await expectCode(
        pricing.quote(quoteRequest("NOPE"), { timeoutMs: 5000 }),
        Code.NotFound,
      );
      assert.match(promoNotFound.rawMessage, /NOPE/);
      const precondition = await expectCode(
        pricing.quote(quoteRequest("SPRING15"), { timeoutMs: 5000 }),
        Code.FailedPrecondition,
      );
      assert.equal(
        precondition.findDetails(PreconditionFailureSchema)[0]?.violations[0]?.type,
        "PROMO_MINIMUM_SUBTOTAL",
      );
      await expectCode(
        pricing.quote({ ...quoteRequest(), currencyCode: "eur" }, { timeoutMs: 5000 }),
        Code.InvalidArgument,
      );
      // Checkout keeps a 100 ms margin for its own answer, so it refuses at once when less is left.
      const deadline = await expectCode(
        checkout.placeOrder(
          { requestId: randomUUID(), customerId: "suite", lines: [{ productId: knownProduct, quantity: 1 }] },
          { timeoutMs: 90 },
        ),
        Code.DeadlineExceeded,
      );
      assert.match(
        deadline.rawMessage,
        /deadline too short/,
        "the service, not the client's timer, answered",
      );
    },
  },
  {
    name: "when the client cancels a stream, then the call ends CANCELLED and the replica ends it too",
    async run({ entry }) {
      const client = clientFor(entry, CatalogService, "catalog");
      const abort = new AbortController();
      const { header, traceId } = traceparent();
      let events = 0;
      await expectCode(
        (async () => {
          for await (const event of client.watchStockLevels(
            { productIds: [knownProduct] },
            { signal: abort.signal, timeoutMs: 10_000, headers: { traceparent: header } },
          )) {
            if (event.event.case !== undefined) events++;
            abort.abort();
          }
        })(),
        Code.Canceled,
      );
      assert.equal(events, 1);
      if (entry.replicaLogs !== undefined) {
        // Heartbeats come every 20 s: a replica that logs the end within 5 s saw the cancellation.
        await untilLogged(
          entry,
          "catalog",
          (line) =>
            line["traceId"] === traceId &&
            line["method"] === "/switchyard.catalog.v1.CatalogService/WatchStockLevels",
        );
      }
    },
  },
];
