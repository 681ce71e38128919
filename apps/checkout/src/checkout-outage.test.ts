import assert from "node:assert/strict";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ServingStatus, type HealthService } from "@switchyard/grpc-health";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { summarizeGrpcError } from "@switchyard/testing";
import { loadCheckoutConfig } from "./checkout-config.js";
import { startCheckoutServer } from "./checkout-server.js";
import { createInMemoryOrderStore } from "./order-store.js";
import { createConnectCheckoutClient, createGrpcJsCheckoutClient } from "./testing/checkout-test-clients.js";
import { startFakeCatalog, startFakePricing, type FakeDependency } from "./testing/fake-dependencies.js";

/** Resolves once `health` reports `status` for the whole server; fails after `ms`. */
function whenStatus(health: HealthService, status: ServingStatus, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`health did not report ${ServingStatus[status]} within ${ms} ms`));
    }, ms);
    // The listener runs at once with the current status, before `unsubscribe` exists: defer the call.
    const unsubscribe = health.watch("", (current) => {
      if (current !== status) return;
      clearTimeout(timer);
      queueMicrotask(() => {
        unsubscribe();
      });
      resolve();
    });
  });
}

for (const down of ["pricing", "catalog"] as const) {
  describe(`checkout when ${down} goes down`, () => {
    let catalog: FakeDependency | undefined;
    let pricing: FakeDependency | undefined;
    let server: RunningService | undefined;

    before(async () => {
      catalog = await startFakeCatalog();
      pricing = await startFakePricing();
      server = await startCheckoutServer({
        checkout: loadCheckoutConfig({
          CATALOG_URLS: catalog.server.url,
          PRICING_TARGET: `ipv4:127.0.0.1:${pricing.server.port}`,
          DEPENDENCY_TIMEOUT_MS: "1000",
          DEPENDENCY_PROBE_INTERVAL_MS: "50",
        }),
        orders: createInMemoryOrderStore(),
        config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
      });
    });

    after(async () => {
      await server?.forceClose();
      await catalog?.server.forceClose();
      await pricing?.server.forceClose();
    });

    const running = (): RunningService => {
      assert.ok(server !== undefined, "before() started checkout");
      return server;
    };

    it("when both dependencies answer, then checkout reports SERVING and places orders", async () => {
      const health = createClient(Health, createGrpcTransport({ baseUrl: running().url }));
      await whenStatus(running().health, ServingStatus.SERVING, 2000);
      const { status } = await health.check({ service: "" });
      assert.equal(status, HealthCheckResponse_ServingStatus.SERVING);
      const { order } = await createConnectCheckoutClient(running().url).placeOrder({
        customerId: "cust-1",
        lines: [{ productId: "sku-aeropress", quantity: 1 }],
      });
      assert.ok(order?.id);
    });

    it(`when ${down} stops, then readiness turns NOT_SERVING`, async () => {
      await (down === "pricing" ? pricing : catalog)?.server.forceClose();
      await whenStatus(running().health, ServingStatus.NOT_SERVING, 2000);
      const health = createClient(Health, createGrpcTransport({ baseUrl: running().url }));
      const { status } = await health.check({ service: "" });
      assert.equal(status, HealthCheckResponse_ServingStatus.NOT_SERVING);
    });

    for (const stack of ["connect", "grpc-js"]) {
      it(`when ${down} is down, then PlaceOrder over ${stack} fails fast with UNAVAILABLE naming it`, async () => {
        const client =
          stack === "connect"
            ? createConnectCheckoutClient(running().url)
            : createGrpcJsCheckoutClient(`127.0.0.1:${running().port}`);
        try {
          const started = performance.now();
          const error = await client
            .placeOrder({ customerId: "cust-2", lines: [{ productId: "sku-aeropress", quantity: 1 }] })
            .then(
              () => assert.fail("expected UNAVAILABLE"),
              (error: unknown) => summarizeGrpcError(error),
            );
          assert.equal(error.code, Code.Unavailable);
          assert.match(error.message, new RegExp(`^${down} unavailable`));
          assert.ok(
            performance.now() - started < 1000,
            `failed in ${Math.round(performance.now() - started)} ms`,
          );
        } finally {
          client.close();
        }
      });
    }
  });
}

describe("checkout when a dependency accepts connections but never answers", () => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  let pricing: FakeDependency | undefined;
  let server: RunningService | undefined;

  before(async () => {
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    pricing = await startFakePricing();
    server = await startCheckoutServer({
      checkout: loadCheckoutConfig({
        CATALOG_URLS: `http://127.0.0.1:${port}`,
        PRICING_TARGET: `ipv4:127.0.0.1:${pricing.server.port}`,
        DEPENDENCY_TIMEOUT_MS: "300",
      }),
      orders: createInMemoryOrderStore(),
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    });
  });

  after(async () => {
    await server?.forceClose();
    await pricing?.server.forceClose();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      silent.close(() => {
        resolve();
      });
    });
  });

  for (const stack of ["connect", "grpc-js"]) {
    it(`when the catalog hangs, then PlaceOrder over ${stack} fails with UNAVAILABLE after checkout's cap, not the caller's deadline`, async () => {
      assert.ok(server !== undefined, "before() started checkout");
      const client =
        stack === "connect"
          ? createConnectCheckoutClient(server.url)
          : createGrpcJsCheckoutClient(`127.0.0.1:${server.port}`);
      try {
        const started = performance.now();
        const error = await client
          .placeOrder(
            { customerId: "cust-3", lines: [{ productId: "sku-aeropress", quantity: 1 }] },
            { timeoutMs: 10_000 },
          )
          .then(
            () => assert.fail("expected UNAVAILABLE"),
            (error: unknown) => summarizeGrpcError(error),
          );
        assert.equal(error.code, Code.Unavailable);
        assert.match(error.message, /^catalog unavailable/);
        assert.match(error.message, /300 ms/);
        assert.ok(
          performance.now() - started < 2000,
          `failed in ${Math.round(performance.now() - started)} ms`,
        );
      } finally {
        client.close();
      }
    });
  }
});
