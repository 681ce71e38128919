import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createClient, Code, ConnectError, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { loadDatabaseConfig } from "@switchyard/postgres";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { startServiceProcess, type ServiceProcess } from "@switchyard/launcher";
import { startTestDatabase, type TestDatabase } from "@switchyard/testing";
import { loadCheckoutConfig } from "./checkout-config.js";
import { openCheckoutDatabase, type CheckoutDatabase } from "./checkout-database.js";
import { startCheckoutServer } from "./checkout-server.js";
import type { OrderStore } from "./order-store.js";
import { startFakePricing, type FakeDependency } from "./testing/fake-dependencies.js";

const quiet = { info: () => undefined, warn: () => undefined };
const config = () => loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" });

/** An order store whose writes fail, as when the database rejects the order. */
function failingWrites(store: OrderStore): OrderStore {
  return {
    ...store,
    insertOrder: () => Promise.reject(new ConnectError("the database is unavailable", Code.Unavailable)),
  };
}

describe("checkout orders in PostgreSQL, two replicas, the real catalog", () => {
  let database: TestDatabase | undefined;
  let catalog: ServiceProcess | undefined;
  let pricing: FakeDependency | undefined;
  const checkoutDatabases: CheckoutDatabase[] = [];
  const replicas: RunningService[] = [];
  const clients: Client<typeof CheckoutService>[] = [];
  let catalogClient: Client<typeof CatalogService> | undefined;

  const level = async (productId: string): Promise<number | undefined> => {
    assert.ok(catalogClient);
    for await (const message of catalogClient.watchStockLevels(
      { productIds: [productId] },
      { timeoutMs: 5000 },
    )) {
      if (message.event.case === "stockLevel") return message.event.value.available;
    }
    return undefined;
  };
  const client = (index: number) => {
    const found = clients[index];
    assert.ok(found, `before() started checkout ${index}`);
    return found;
  };

  before(async () => {
    database = await startTestDatabase({ name: "checkout_orders" });
    const databaseConfig = { ...loadDatabaseConfig({}), url: database.url };
    // The real catalog, as production runs it, on the same database (its own schema).
    catalog = await startServiceProcess({
      service: "catalog",
      instanceId: "catalog-1",
      env: { DATABASE_URL: database.url },
    });
    const catalogUrl = `http://127.0.0.1:${catalog.port}`;
    catalogClient = createClient(CatalogService, createGrpcTransport({ baseUrl: catalogUrl }));
    pricing = await startFakePricing();
    const checkout = loadCheckoutConfig({
      CATALOG_URLS: catalogUrl,
      PRICING_TARGET: `ipv4:127.0.0.1:${pricing.server.port}`,
    });
    for (const failing of [false, false, true]) {
      const opened = await openCheckoutDatabase(databaseConfig, quiet);
      checkoutDatabases.push(opened);
      const orders = failing ? failingWrites(opened.orders) : opened.orders;
      const server = await startCheckoutServer({ checkout, orders, database: opened, config: config() });
      replicas.push(server);
      clients.push(createClient(CheckoutService, createGrpcTransport({ baseUrl: server.url })));
    }
  });

  after(async () => {
    await Promise.all(replicas.map((replica) => replica.forceClose()));
    await Promise.all(checkoutDatabases.map((opened) => opened.close()));
    await catalog?.stop();
    await pricing?.server.forceClose();
    await database?.stop();
  });

  it("when two calls with one request_id race on two replicas, then one order is recorded and both answers are equal", async () => {
    const request = {
      requestId: randomUUID(),
      customerId: "cust-race",
      lines: [{ productId: "sku-aeropress", quantity: 2 }],
    };
    const [first, second] = await Promise.all([client(0).placeOrder(request), client(1).placeOrder(request)]);
    assert.deepEqual(first.order, second.order);
    const again = await client(1).placeOrder(request);
    assert.deepEqual(again.order, first.order);
    const listed = await client(0).listOrders({ customerId: "cust-race" });
    assert.equal(listed.orders.length, 1);
    assert.equal(await level("sku-aeropress"), 19, "stock taken once (21 in data/stock.json)");
  });

  it("when an order is placed through one replica, then GetOrder finds it through the other", async () => {
    const { order } = await client(0).placeOrder({
      requestId: randomUUID(),
      customerId: "cust-get",
      lines: [{ productId: "sku-aeropress", quantity: 1 }],
    });
    assert.ok(order);
    const found = await client(1).getOrder({ id: order.id });
    assert.deepEqual(found.order, order);
  });

  it("when a request_id is reused for another order, then PlaceOrder fails ALREADY_EXISTS", async () => {
    const requestId = randomUUID();
    await client(0).placeOrder({
      requestId,
      customerId: "cust-reuse",
      lines: [{ productId: "sku-aeropress", quantity: 1 }],
    });
    const error = await client(1)
      .placeOrder({
        requestId,
        customerId: "cust-reuse",
        lines: [{ productId: "sku-espresso-250g", quantity: 1 }],
      })
      .then(
        () => assert.fail("expected ALREADY_EXISTS"),
        (reason: unknown) => ConnectError.from(reason),
      );
    assert.equal(error.code, Code.AlreadyExists);
  });

  it("when request_id is not a UUID, then PlaceOrder fails INVALID_ARGUMENT on request_id", async () => {
    const error = await client(0)
      .placeOrder({
        requestId: "retry-1",
        customerId: "c",
        lines: [{ productId: "sku-aeropress", quantity: 1 }],
      })
      .then(
        () => assert.fail("expected INVALID_ARGUMENT"),
        (reason: unknown) => ConnectError.from(reason),
      );
    assert.equal(error.code, Code.InvalidArgument);
    assert.match(error.rawMessage, /request_id/);
  });

  it("when stock is short, then PlaceOrder fails FAILED_PRECONDITION naming the product", async () => {
    const error = await client(0)
      .placeOrder({
        requestId: randomUUID(),
        customerId: "c",
        lines: [{ productId: "sku-aeropress", quantity: 50 }],
      })
      .then(
        () => assert.fail("expected FAILED_PRECONDITION"),
        (reason: unknown) => ConnectError.from(reason),
      );
    assert.equal(error.code, Code.FailedPrecondition);
    assert.match(error.rawMessage, /sku-aeropress/);
  });

  it("when the order cannot be recorded, then its stock is released", async () => {
    const before = await level("sku-aeropress");
    const error = await client(2)
      .placeOrder({
        requestId: randomUUID(),
        customerId: "cust-fail",
        lines: [{ productId: "sku-espresso-250g", quantity: 3 }],
      })
      .then(
        () => assert.fail("expected the write to fail"),
        (reason: unknown) => ConnectError.from(reason),
      );
    assert.equal(error.code, Code.Unavailable);
    assert.equal(await level("sku-aeropress"), before, "no units leaked");
  });

  it("when a customer's orders span pages, then ListOrders returns each once, newest first, and rejects foreign tokens", async () => {
    const placed: string[] = [];
    for (let index = 0; index < 5; index++) {
      const { order } = await client(index % 2).placeOrder({
        requestId: randomUUID(),
        customerId: "cust-pages",
        lines: [{ productId: "sku-aeropress", quantity: 1 }],
      });
      placed.push(order?.id ?? "");
    }
    const seen: string[] = [];
    let pageToken = "";
    do {
      const page = await client(seen.length % 2).listOrders({
        customerId: "cust-pages",
        pageSize: 2,
        pageToken,
      });
      seen.push(...page.orders.map((order) => order.id));
      pageToken = page.nextPageToken;
      if (pageToken !== "") {
        const foreign = await client(0)
          .listOrders({ customerId: "someone-else", pageToken })
          .then(
            () => assert.fail("expected INVALID_ARGUMENT"),
            (reason: unknown) => ConnectError.from(reason),
          );
        assert.equal(foreign.code, Code.InvalidArgument);
      }
    } while (pageToken !== "");
    assert.deepEqual(seen, [...placed].reverse());
  });
});
