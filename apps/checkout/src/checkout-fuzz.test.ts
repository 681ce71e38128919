import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { createMalformedGrpcRequests, sendMalformedGrpcRequests } from "@switchyard/testing";
import { loadCheckoutConfig } from "./checkout-config.js";
import { startCheckoutServer } from "./checkout-server.js";
import { createInMemoryOrderStore } from "./order-store.js";
import { createConnectCheckoutClient } from "./testing/checkout-test-clients.js";
import { startFakeCatalog, startFakePricing, type FakeDependency } from "./testing/fake-dependencies.js";

describe("checkout under malformed requests", () => {
  const dependencies: FakeDependency[] = [];
  let server: RunningService | undefined;

  before(async () => {
    const catalog = await startFakeCatalog();
    const pricing = await startFakePricing();
    dependencies.push(catalog, pricing);
    server = await startCheckoutServer({
      checkout: loadCheckoutConfig({
        CATALOG_URLS: catalog.server.url,
        PRICING_TARGET: `ipv4:127.0.0.1:${pricing.server.port}`,
      }),
      orders: createInMemoryOrderStore(),
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    });
  });

  after(async () => {
    await server?.forceClose();
    await Promise.all(dependencies.map((dependency) => dependency.server.forceClose()));
  });

  it("when every method gets random bytes, truncated frames and oversized messages, then each call ends with a gRPC error and the service keeps serving", async () => {
    assert.ok(server !== undefined, "before() started the server");
    const paths = CheckoutService.methods.map((method) => `/${CheckoutService.typeName}/${method.name}`);
    const requests = createMalformedGrpcRequests();
    const outcomes = await sendMalformedGrpcRequests({ baseUrl: server.url, paths, requests });
    assert.equal(outcomes.length, paths.length * requests.length);
    for (const outcome of outcomes) {
      assert.ok(
        outcome.grpcStatus !== undefined && outcome.grpcStatus > 0 && outcome.grpcStatus <= 16,
        `${outcome.path} with ${outcome.request}: expected a gRPC error status, got ${JSON.stringify(outcome)}`,
      );
    }
    const { order } = await createConnectCheckoutClient(server.url).placeOrder({
      customerId: "cust-1",
      lines: [{ productId: "sku-aeropress", quantity: 1 }],
    });
    assert.equal(order?.quote?.total?.minorUnits, 3990n);
  });
});
