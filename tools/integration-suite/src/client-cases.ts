import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { Metadata, status as grpcStatus, type ServiceError } from "@grpc/grpc-js";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { BadRequestSchema } from "@switchyard/proto/google/rpc/error_details";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { runPythonClient } from "./python-client.js";

import {
  clientFor,
  expectCode,
  quoteRequest,
  grpcJsCredentials,
  grpcurlTlsArgs,
  knownProduct,
  maxMessageBytes,
  execFileAsync,
  type SuiteCase,
} from "./suite-case-support.js";

/** Cases of other clients and protocols: HTTP/1.1 gRPC-Web and Connect, grpc-js, grpcurl, Python grpcio, and Envoy in the path. */
export const clientCases: readonly SuiteCase[] = [
  {
    name: "when a request is just under 4 MiB, then it reaches the service on both stacks; just over, then RESOURCE_EXHAUSTED",
    async run({ entry }) {
      const catalog = clientFor(entry, CatalogService, "catalog");
      const pricing = clientFor(entry, PricingService, "pricing");
      const almost = "x".repeat(maxMessageBytes - 64);
      // Validation (max_len 128) answers, so the whole message crossed every hop.
      const invalid = await expectCode(
        catalog.getProduct({ id: almost }, { timeoutMs: 10_000 }),
        Code.InvalidArgument,
      );
      assert.equal(invalid.findDetails(BadRequestSchema)[0]?.fieldViolations[0]?.field, "id");
      const invalidPromo = await expectCode(
        pricing.quote(quoteRequest(almost), { timeoutMs: 10_000 }),
        Code.InvalidArgument,
      );
      assert.equal(invalidPromo.findDetails(BadRequestSchema)[0]?.fieldViolations[0]?.field, "promo_code");
      const over = "x".repeat(maxMessageBytes + 1024);
      await expectCode(catalog.getProduct({ id: over }, { timeoutMs: 10_000 }), Code.ResourceExhausted);
      await expectCode(pricing.quote(quoteRequest(over), { timeoutMs: 10_000 }), Code.ResourceExhausted);
    },
  },
  ...(["grpc-web", "connect"] as const).map((protocol): SuiteCase => ({
    name: `when ${protocol} over HTTP/1.1 calls, then answers, NOT_FOUND and BadRequest details arrive`,
    skip: (entry) => (entry.browserProtocols ? undefined : "this entry point serves gRPC over HTTP/2 only"),
    async run({ entry }) {
      const catalog = clientFor(entry, CatalogService, "catalog", protocol);
      const { product } = await catalog.getProduct({ id: knownProduct }, { timeoutMs: 5000 });
      assert.equal(product?.id, knownProduct);
      await expectCode(catalog.getProduct({ id: "sku-missing" }, { timeoutMs: 5000 }), Code.NotFound);
      const invalid = await expectCode(
        catalog.getProduct({ id: "" }, { timeoutMs: 5000 }),
        Code.InvalidArgument,
      );
      assert.equal(invalid.findDetails(BadRequestSchema)[0]?.fieldViolations[0]?.field, "id");
      if (protocol === "grpc-web") {
        // Envoy's grpc_web filter turns gRPC-Web into gRPC, so grpc-js pricing answers it too;
        // the Connect protocol reaches connect-node services only (see README).
        const pricing = clientFor(entry, PricingService, "pricing", protocol);
        const { quote } = await pricing.quote(quoteRequest(), { timeoutMs: 5000 });
        assert.equal(quote?.total?.minorUnits, 2580n);
      }
      const checkout = clientFor(entry, CheckoutService, "checkout", protocol);
      const { order } = await checkout.placeOrder(
        { requestId: randomUUID(), customerId: protocol, lines: [{ productId: knownProduct, quantity: 1 }] },
        { timeoutMs: 10_000 },
      );
      assert.match(order?.id ?? "", /^ord-/);
    },
  })),
  {
    name: "when grpc-js calls every service, then answers, metadata and error codes arrive",
    async run({ entry }) {
      const catalog = createGrpcJsClient(CatalogService, entry.address("catalog"), grpcJsCredentials(entry));
      const pricing = createGrpcJsClient(PricingService, entry.address("pricing"), grpcJsCredentials(entry));
      const checkout = createGrpcJsClient(
        CheckoutService,
        entry.address("checkout"),
        grpcJsCredentials(entry),
      );
      try {
        const deadline = () => Date.now() + 10_000;
        let servedBy: string | undefined;
        const { product } = await catalog.getProduct(
          { id: knownProduct },
          {
            deadline: deadline(),
            onHeader: (metadata: Metadata) => (servedBy = String(metadata.get("x-served-by")[0])),
          },
        );
        assert.equal(product?.id, knownProduct);
        assert.match(servedBy ?? "", /^catalog-/);
        const { quote } = await pricing.quote(quoteRequest(), { deadline: deadline() });
        assert.equal(quote?.total?.minorUnits, 2580n);
        const { order } = await checkout.placeOrder(
          {
            requestId: randomUUID(),
            customerId: "grpc-js",
            lines: [{ productId: knownProduct, quantity: 1 }],
          },
          { deadline: deadline() },
        );
        assert.match(order?.id ?? "", /^ord-/);
        await assert.rejects(
          catalog.getProduct({ id: "sku-missing" }, { deadline: deadline() }),
          (error: ServiceError) => {
            assert.equal(error.code, grpcStatus.NOT_FOUND);
            assert.match(error.details, /sku-missing/);
            return true;
          },
        );
        await assert.rejects(
          pricing.quote(quoteRequest("SPRING15"), { deadline: deadline() }),
          (error: ServiceError) => {
            assert.equal(error.code, grpcStatus.FAILED_PRECONDITION);
            assert.equal(error.metadata.get("grpc-status-details-bin").length, 1, "details in the trailers");
            return true;
          },
        );
        const stream = catalog.watchStockLevels(
          { productIds: [knownProduct] },
          { deadline: Date.now() + 1500 },
        );
        let events = 0;
        await assert.rejects(
          (async () => {
            for await (const event of stream) if (event.event.case !== undefined) events++;
          })(),
          (error: ServiceError) => {
            assert.equal(error.code, grpcStatus.DEADLINE_EXCEEDED);
            return true;
          },
        );
        assert.ok(events >= 1);
      } finally {
        catalog.close();
        pricing.close();
        checkout.close();
      }
    },
  },
  {
    name: "when grpcurl describes and calls every service over reflection, then each answers",
    async run({ entry }) {
      const tlsArgs = grpcurlTlsArgs(entry);
      const calls = [
        {
          service: "catalog",
          method: `${CatalogService.typeName}/GetProduct`,
          body: { id: knownProduct },
          expect: knownProduct,
        },
        {
          service: "pricing",
          method: `${PricingService.typeName}/Quote`,
          body: {
            currency_code: "EUR",
            line_items: [
              {
                product_id: knownProduct,
                quantity: 2,
                unit_price: { currency_code: "EUR", minor_units: "1290" },
              },
            ],
          },
          expect: '"minorUnits": "2580"',
        },
        {
          service: "checkout",
          method: `${CheckoutService.typeName}/PlaceOrder`,
          body: {
            request_id: randomUUID(),
            customer_id: "grpcurl",
            lines: [{ product_id: knownProduct, quantity: 1 }],
          },
          expect: '"id": "ord-',
        },
      ];
      for (const call of calls) {
        const target = entry.address(call.service);
        const { stdout: described } = await execFileAsync(
          "grpcurl",
          [...tlsArgs, target, "describe", call.method.split("/")[0] ?? ""],
          { timeout: 10_000 },
        );
        assert.match(described, /is a service/);
        const { stdout } = await execFileAsync(
          "grpcurl",
          [...tlsArgs, "-max-time", "10", "-d", JSON.stringify(call.body), target, call.method],
          { timeout: 15_000 },
        );
        assert.ok(stdout.includes(call.expect), `${call.method}: ${stdout}`);
      }
      // grpcurl prints the status and the decoded details of a failed call.
      const failed = await execFileAsync(
        "grpcurl",
        [...tlsArgs, "-d", '{"id":""}', entry.address("catalog"), `${CatalogService.typeName}/GetProduct`],
        { timeout: 10_000 },
      ).then(
        () => assert.fail("grpcurl succeeded on an invalid request"),
        (error: unknown) => {
          const output = error as { stdout?: string; stderr?: string };
          return `${output.stdout ?? ""}${output.stderr ?? ""}`;
        },
      );
      assert.match(failed, /Code: InvalidArgument/);
      assert.match(failed, /google\.rpc\.BadRequest/);
    },
  },
  {
    name: "when a Python grpcio client (stubs generated from proto/) calls every service, then the answers and details arrive",
    async run({ entry, pythonStubs }) {
      const result = await runPythonClient(pythonStubs(), {
        catalog: entry.address("catalog"),
        pricing: entry.address("pricing"),
        checkout: entry.address("checkout"),
        tls: entry.tls !== undefined,
        ...(entry.tls?.caPath === undefined ? {} : { ca: entry.tls.caPath }),
        ...(entry.tls?.serverName === undefined ? {} : { serverName: entry.tls.serverName }),
      });
      assert.equal(result.getProduct.id, knownProduct);
      assert.match(result.getProduct.servedBy, /^catalog-/);
      assert.equal(result.quote.totalMinorUnits, "2580");
      assert.match(result.quote.servedBy, /^pricing-/);
      assert.match(result.placeOrder.orderId, /^ord-/);
      assert.equal(result.placeOrder.totalMinorUnits, "1290");
      assert.deepEqual(result.invalidArgument, { code: "INVALID_ARGUMENT", fieldViolations: ["id"] });
    },
  },
  {
    name: "when calls go through, then Envoy's admin stats count them per cluster (Envoy is in the path)",
    skip: (entry) =>
      entry.envoyAdmin === undefined ? "no Envoy admin API behind this entry point" : undefined,
    async run({ entry }) {
      const admin = entry.envoyAdmin;
      assert.ok(admin);
      const totals = async () => {
        const stats = await admin("/stats?filter=^cluster\\.(catalog|pricing|checkout)\\.upstream_rq_total$");
        const map = new Map<string, number>();
        for (const match of stats.matchAll(/^cluster\.(\w+)\.upstream_rq_total: (\d+)$/gm))
          map.set(match[1] ?? "", Number(match[2]));
        return map;
      };
      const before = await totals();
      const catalog = clientFor(entry, CatalogService, "catalog");
      const pricing = clientFor(entry, PricingService, "pricing");
      for (let call = 0; call < 5; call++) {
        await catalog.getProduct({ id: knownProduct }, { timeoutMs: 5000 });
        await pricing.quote(quoteRequest(), { timeoutMs: 5000 });
      }
      const after = await totals();
      for (const cluster of ["catalog", "pricing"]) {
        const delta = (after.get(cluster) ?? 0) - (before.get(cluster) ?? 0);
        assert.ok(delta >= 5, `cluster ${cluster} carried ${delta} of 5 calls`);
      }
    },
  },
];
