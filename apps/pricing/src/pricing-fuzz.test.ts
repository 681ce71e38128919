import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { loadServiceConfig } from "@switchyard/service-runtime";
import {
  createMalformedGrpcRequests,
  sendMalformedGrpcRequests,
  serveDuringSuite,
} from "@switchyard/testing";
import { startPricingServer } from "./pricing-server.js";
import { createInMemoryPromoCodeStore } from "./promo-code-store.js";
import { createConnectPricingClient } from "./testing/pricing-test-clients.js";

describe("pricing under malformed requests", () => {
  const server = serveDuringSuite(() =>
    startPricingServer({
      promoCodes: createInMemoryPromoCodeStore(),
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    }),
  );

  it("when every method gets random bytes, truncated frames and oversized messages, then each call ends with a gRPC error and the service keeps serving", async () => {
    const paths = PricingService.methods.map((method) => `/${PricingService.typeName}/${method.name}`);
    const requests = createMalformedGrpcRequests();
    const outcomes = await sendMalformedGrpcRequests({ baseUrl: server().url, paths, requests });
    assert.equal(outcomes.length, paths.length * requests.length);
    const requestStreaming = new Set(
      PricingService.methods
        .filter(
          (method) => method.methodKind === "bidi_streaming" || method.methodKind === "client_streaming",
        )
        .map((method) => `/${PricingService.typeName}/${method.name}`),
    );
    for (const outcome of outcomes) {
      if (requestStreaming.has(outcome.path) && outcome.request.startsWith("truncated frame")) {
        // Known grpc-js server behaviour (1.14): end of stream is a half-close even with a partial
        // frame buffered (ServerInterceptingCall.handleEndEvent), so a request stream whose last
        // frame is cut short ends as if it had no more messages. Still an answer, never a crash.
        assert.ok(outcome.grpcStatus !== undefined, `${outcome.path} with ${outcome.request}: no status`);
        continue;
      }
      assert.ok(
        outcome.grpcStatus !== undefined && outcome.grpcStatus > 0 && outcome.grpcStatus <= 16,
        `${outcome.path} with ${outcome.request}: expected a gRPC error status, got ${JSON.stringify(outcome)}`,
      );
    }
    const { quote } = await createConnectPricingClient(server().url).quote({
      currencyCode: "EUR",
      lineItems: [{ productId: "sku-a", quantity: 3, unitPrice: { currencyCode: "EUR", minorUnits: 100n } }],
    });
    assert.equal(quote?.total?.minorUnits, 300n);
  });
});
