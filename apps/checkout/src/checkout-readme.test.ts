import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import type { RunningService } from "@switchyard/service-runtime";
import { runReadmeExamples } from "@switchyard/testing";
import { findPlatformService } from "@switchyard/topology";
import { startCheckoutWithFakes, type CheckoutWithFakes } from "./testing/fake-dependencies.js";

describe("the checkout README's grpcurl examples", () => {
  let checkout: CheckoutWithFakes | undefined;
  let server: RunningService | undefined;

  before(async () => {
    checkout = await startCheckoutWithFakes();
    server = checkout.server;
  });

  after(async () => {
    await checkout?.stop();
  });

  it("when every example is run through server reflection, then every method answers", async () => {
    assert.ok(server !== undefined, "before() started the server");
    const results = await runReadmeExamples({
      readme: new URL("../README.md", import.meta.url),
      service: CheckoutService,
      documentedPort: findPlatformService("checkout").port,
      port: server.port,
    });
    for (const [method, result] of results) {
      assert.equal(result.exitCode, 0, `${method} failed: ${result.stderr}`);
      const answer = JSON.parse(result.stdout) as {
        order?: { id?: string };
        orders?: unknown[];
        rejected?: unknown[];
      };
      if (method === "PlaceOrder" || method === "GetOrder") {
        // GetOrder's example asks for the order PlaceOrder's example records (its id derives from request_id).
        assert.match(answer.order?.id ?? "", /^ord-/);
      } else if (method === "ListOrders") {
        assert.equal(answer.orders?.length, 1, "the README's order is listed");
      } else assert.equal(answer.rejected?.length, 1, "the README's unknown product is reported");
    }
  });
});
