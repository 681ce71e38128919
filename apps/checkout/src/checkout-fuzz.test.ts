import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import {
  createMalformedGrpcRequests,
  sendMalformedGrpcRequests,
  serveDuringSuite,
} from "@switchyard/testing";
import { createConnectCheckoutClient } from "./testing/checkout-test-clients.js";
import { startCheckoutWithFakes } from "./testing/fake-dependencies.js";

describe("checkout under malformed requests", () => {
  const checkout = serveDuringSuite(startCheckoutWithFakes, (started) => started.stop());

  it("when every method gets random bytes, truncated frames and oversized messages, then each call ends with a gRPC error and the service keeps serving", async () => {
    const server = checkout().server;
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
