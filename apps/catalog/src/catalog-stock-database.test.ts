import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createClient, Code, ConnectError, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { loadDatabaseConfig } from "@switchyard/postgres";
import { PreconditionFailureSchema } from "@switchyard/proto/google/rpc/error_details";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import { CatalogService, type StockLevel } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { startTestDatabase, type TestDatabase } from "@switchyard/testing";
import { openCatalogDatabase, type CatalogDatabase } from "./catalog-database.js";
import { startCatalogServer } from "./catalog-server.js";
import { bundledProductsPath, createInMemoryProductStore, loadProductsFile } from "./product-store.js";

interface Replica {
  readonly server: RunningService;
  readonly database: CatalogDatabase;
  readonly catalog: Client<typeof CatalogService>;
  readonly health: Client<typeof Health>;
}

const initialStock = new Map([
  ["sku-espresso-250g", 5],
  ["sku-filter-1kg", 8],
  ["sku-grinder-burr", 2],
]);

async function startReplica(url: string, instanceId: string): Promise<Replica> {
  const databaseConfig = { ...loadDatabaseConfig({ DATABASE_PROBE_INTERVAL_MS: "100" }), url };
  const silent = { info: () => undefined, warn: () => undefined };
  const database = await openCatalogDatabase(databaseConfig, initialStock, silent);
  const server = await startCatalogServer({
    products: createInMemoryProductStore(await loadProductsFile(bundledProductsPath)),
    stock: database.stock,
    heartbeatIntervalMs: 200,
    readiness: (health) => database.readiness.readiness(health),
    config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", INSTANCE_ID: instanceId }),
  });
  const transport = createGrpcTransport({ baseUrl: server.url });
  return {
    server,
    database,
    catalog: createClient(CatalogService, transport),
    health: createClient(Health, transport),
  };
}

/** Resolves once the replica's health Watch reports `wanted` for the whole server; fails after `ms`. */
async function servingStatus(
  replica: Replica,
  wanted: HealthCheckResponse_ServingStatus,
  ms: number,
): Promise<void> {
  for await (const update of replica.health.watch({ service: "" }, { timeoutMs: ms })) {
    if (update.status === wanted) return;
  }
}

async function rejection(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  assert.fail("expected the call to fail");
}

describe("catalog stock in PostgreSQL, two replicas", () => {
  let database: TestDatabase | undefined;
  const replicas: Replica[] = [];
  const replica = (index: number): Replica => {
    const found = replicas[index];
    assert.ok(found, `before() started replica ${index}`);
    return found;
  };
  const levelOf = async (productId: string): Promise<number> => {
    const stream = replica(0).catalog.watchStockLevels({ productIds: [productId] }, { timeoutMs: 5000 });
    for await (const message of stream) {
      if (message.event.case === "stockLevel") return message.event.value.available;
    }
    assert.fail("no level");
  };

  before(async () => {
    database = await startTestDatabase({ name: "catalog_stock", ownServer: true });
    // Started together: both run migrations at once, one waits on the other's lock.
    replicas.push(
      ...(await Promise.all([
        startReplica(database.url, "catalog-1"),
        startReplica(database.url, "catalog-2"),
      ])),
    );
  });

  after(async () => {
    await Promise.all(replicas.map((each) => each.server.forceClose()));
    await Promise.all(replicas.map((each) => each.database.close()));
    await database?.stop();
  });

  it("when stock is reserved through replica 1, then a watch on replica 2 sees the new level within 1 s", async () => {
    const abort = new AbortController();
    const stream = replica(1).catalog.watchStockLevels(
      { productIds: ["sku-filter-1kg"] },
      { signal: abort.signal },
    );
    const seen: StockLevel[] = [];
    let reservedAt = 0;
    try {
      for await (const message of stream) {
        if (message.event.case !== "stockLevel") continue;
        seen.push(message.event.value);
        if (seen.length === 1) {
          reservedAt = performance.now();
          await replica(0).catalog.reserveStock({
            orderId: "ord-watch",
            lines: [{ productId: "sku-filter-1kg", quantity: 3 }],
          });
        } else break;
      }
    } finally {
      abort.abort();
    }
    assert.ok(performance.now() - reservedAt < 1000, "the change arrived within 1 s");
    assert.deepEqual(
      seen.map((level) => level.available),
      [8, 5],
    );
  });

  it("when one order is reserved twice, also at once on both replicas, then its units are taken once", async () => {
    const request = { orderId: "ord-twice", lines: [{ productId: "sku-espresso-250g", quantity: 2 }] };
    const [first, second] = await Promise.all([
      replica(0).catalog.reserveStock(request),
      replica(1).catalog.reserveStock(request),
    ]);
    const third = await replica(1).catalog.reserveStock(request);
    assert.deepEqual(first.lines, second.lines);
    assert.deepEqual(second.lines, third.lines);
    assert.equal(await levelOf("sku-espresso-250g"), 3);
  });

  it("when stock is short, then ReserveStock fails FAILED_PRECONDITION naming the products and takes nothing", async () => {
    const error = await rejection(
      replica(0).catalog.reserveStock({
        orderId: "ord-short",
        lines: [
          { productId: "sku-grinder-burr", quantity: 3 },
          { productId: "sku-filter-1kg", quantity: 1 },
        ],
      }),
    );
    assert.equal(error.code, Code.FailedPrecondition);
    assert.match(error.rawMessage, /sku-grinder-burr/);
    const [failure] = error.findDetails(PreconditionFailureSchema);
    assert.deepEqual(
      failure?.violations.map((violation) => violation.subject),
      ["sku-grinder-burr"],
    );
    assert.equal(await levelOf("sku-filter-1kg"), 5);
  });

  it("when a reservation is released, then its units come back once", async () => {
    await replica(0).catalog.reserveStock({
      orderId: "ord-release",
      lines: [{ productId: "sku-grinder-burr", quantity: 2 }],
    });
    assert.equal(await levelOf("sku-grinder-burr"), 0);
    assert.equal((await replica(1).catalog.releaseStock({ orderId: "ord-release" })).released, true);
    assert.equal((await replica(0).catalog.releaseStock({ orderId: "ord-release" })).released, false);
    assert.equal(await levelOf("sku-grinder-burr"), 2);
  });

  it("when an order id is reused for other lines, then ReserveStock fails ALREADY_EXISTS", async () => {
    const error = await rejection(
      replica(0).catalog.reserveStock({
        orderId: "ord-twice",
        lines: [{ productId: "sku-espresso-250g", quantity: 1 }],
      }),
    );
    assert.equal(error.code, Code.AlreadyExists);
  });

  it("when a product is unknown or listed twice, then ReserveStock fails NOT_FOUND or INVALID_ARGUMENT", async () => {
    const unknown = await rejection(
      replica(0).catalog.reserveStock({
        orderId: "ord-x",
        lines: [{ productId: "sku-missing", quantity: 1 }],
      }),
    );
    assert.equal(unknown.code, Code.NotFound);
    const twice = await rejection(
      replica(0).catalog.reserveStock({
        orderId: "ord-y",
        lines: [
          { productId: "sku-filter-1kg", quantity: 1 },
          { productId: "sku-filter-1kg", quantity: 1 },
        ],
      }),
    );
    assert.equal(twice.code, Code.InvalidArgument);
  });

  it("when the database stops, then both replicas report NOT_SERVING and calls fail UNAVAILABLE; when it returns, SERVING again", async () => {
    assert.ok(database);
    await database.stopServer();
    await Promise.all(
      replicas.map((each) => servingStatus(each, HealthCheckResponse_ServingStatus.NOT_SERVING, 5000)),
    );
    const error = await rejection(
      replica(0).catalog.reserveStock({
        orderId: "ord-down",
        lines: [{ productId: "sku-filter-1kg", quantity: 1 }],
      }),
    );
    assert.equal(error.code, Code.Unavailable);
    await database.restartServer();
    await Promise.all(
      replicas.map((each) => servingStatus(each, HealthCheckResponse_ServingStatus.SERVING, 10_000)),
    );
    const reserved = await replica(1).catalog.reserveStock({
      orderId: "ord-back",
      lines: [{ productId: "sku-filter-1kg", quantity: 1 }],
    });
    assert.equal(reserved.levels[0]?.available, 4);
  });
});
