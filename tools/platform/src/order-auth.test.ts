// An unauthenticated or under-scoped PlaceOrder never reaches checkout's handler, whether it
// comes through Envoy (jwt_authn at the edge) or straight to a replica (the runtime's check):
// checkout calls nothing and stores nothing for it.
import { randomUUID } from "node:crypto";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ErrorInfoSchema } from "@switchyard/proto/google/rpc/error_details";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import type { ServiceProcess } from "@switchyard/launcher";
import { startTestPlatform, type TestPlatform } from "./testing/test-platform.js";

const order = (customerId: string) => ({
  requestId: randomUUID(),
  customerId,
  lines: [{ productId: "sku-espresso-250g", quantity: 1 }],
});

/** The calls `replica` logged so far whose method is `method`. */
const callsTo = (replica: ServiceProcess, method: string): number =>
  replica.logLines.filter((line) => line["msg"] === "call" && line["method"] === method).length;

describe("PlaceOrder without the right token", () => {
  let started: TestPlatform | undefined;
  before(async () => {
    started = await startTestPlatform("order-auth");
  });
  after(async () => {
    await started?.stop();
  });

  const replicaOf = (service: string): ServiceProcess => {
    const replica = started?.platform.replicas.find((candidate) => candidate.service === service);
    assert.ok(replica, service);
    return replica;
  };
  const checkoutAt = (port: number) =>
    createClient(CheckoutService, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
  const refusal = async (call: Promise<unknown>): Promise<ConnectError> =>
    call.then(
      () => assert.fail("the call was answered"),
      (error: unknown) => ConnectError.from(error),
    );

  it("when PlaceOrder comes without a token or short of its scope, through Envoy or straight to checkout, then it is refused and checkout calls nothing and stores nothing", async () => {
    assert.ok(started);
    const checkout = replicaOf("checkout");
    const catalog = replicaOf("catalog");
    const pricing = replicaOf("pricing");
    const readOnly = await started.authorization(["orders.read"]);
    const customerId = `order-auth-${randomUUID()}`;
    const catalogCalls = catalog.logLines.filter((line) => line["msg"] === "call").length;
    const pricingCalls = pricing.logLines.filter((line) => line["msg"] === "call").length;
    const placed = callsTo(checkout, "/switchyard.checkout.v1.CheckoutService/PlaceOrder");

    const cases: [string, number, Record<string, string>, Code, string][] = [
      ["through Envoy, no token", started.platform.envoy.plaintextPort, {}, Code.Unauthenticated, ""],
      ["to checkout, no token", checkout.port, {}, Code.Unauthenticated, "TOKEN_MISSING"],
      [
        "to checkout, orders.read only",
        checkout.port,
        { authorization: readOnly },
        Code.PermissionDenied,
        "SCOPE_MISSING",
      ],
    ];
    for (const [what, port, headers, code, reason] of cases) {
      const error = await refusal(
        checkoutAt(port).placeOrder(order(customerId), { headers, timeoutMs: 10_000 }),
      );
      assert.equal(error.code, code, `${what}: ${error.message}`);
      if (reason !== "") assert.equal(error.findDetails(ErrorInfoSchema)[0]?.reason, reason, what);
    }

    // Checkout logged the two calls that reached it, refused (its output is read as it comes:
    // wait for the lines); Envoy's refusal never reached it.
    const refusedHere = () =>
      checkout.logLines
        .filter(
          (line) =>
            line["msg"] === "call" && line["method"] === "/switchyard.checkout.v1.CheckoutService/PlaceOrder",
        )
        .slice(placed);
    for (let waited = 0; refusedHere().length < 2 && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(
      refusedHere().map((line) => line["code"]),
      ["UNAUTHENTICATED", "PERMISSION_DENIED"],
    );
    // No handler ran: catalog and pricing saw no call, and the customer has no order.
    assert.equal(catalog.logLines.filter((line) => line["msg"] === "call").length, catalogCalls);
    assert.equal(pricing.logLines.filter((line) => line["msg"] === "call").length, pricingCalls);
    const { orders } = await checkoutAt(checkout.port).listOrders(
      { customerId },
      { headers: { authorization: readOnly }, timeoutMs: 10_000 },
    );
    assert.deepEqual(orders, []);

    // The same order with orders.write is placed: the refusals were about the token alone.
    const writer = await started.authorization(["orders.write"]);
    const { order: accepted } = await checkoutAt(checkout.port).placeOrder(order(customerId), {
      headers: { authorization: writer },
      timeoutMs: 10_000,
    });
    assert.equal(accepted?.customerId, customerId);
  });
});
