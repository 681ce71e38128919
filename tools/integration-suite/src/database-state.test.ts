import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { healthyHostCounts, waitForHealthyHosts, type ServiceProcess } from "@switchyard/launcher";
import {
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from "@switchyard/proto/grpc/health/v1/health";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { startTestDatabase, type TestDatabase } from "@switchyard/testing";
import { dataOwners, platformServices } from "@switchyard/topology";
import { startTestTopology, type TestTopology } from "./test-topology.js";

/** Envoy's active health check interval here; a replica is unhealthy after 2 failed checks. */
const healthCheckIntervalMs = 500;
/** How often each replica checks its database (`DATABASE_PROBE_INTERVAL_MS`). */
const databaseProbeIntervalMs = 500;
/**
 * From the database gone to a replica reporting NOT_SERVING: one probe interval, plus 1 s
 * for the failing probe and a loaded 2-core machine.
 */
const notServingWindowMs = databaseProbeIntervalMs + 1000;
/**
 * The health-check window, from the database gone to Envoy counting no healthy replica:
 * the replicas' {@link notServingWindowMs}, then two failed checks and up to one interval
 * until the first runs, plus 1 s for the machine.
 */
const healthCheckWindowMs = notServingWindowMs + 3 * healthCheckIntervalMs + 1000;
/**
 * From Envoy counting no healthy replica to its workers routing nothing to them. Envoy flags a
 * host the moment its check fails (what the admin's `/clusters` shows) but hands the new host
 * sets to its workers in a batch up to one check round later: calls routed in between still
 * reach the replica. One interval, plus 1 s for the machine.
 */
const workerUpdateWindowMs = healthCheckIntervalMs + 1000;

/** The services that keep state in PostgreSQL: the ones that must turn NOT_SERVING without it. */
const owners = dataOwners(platformServices).map((service) => service.name);

const grpcClient = <T extends DescService>(service: T, port: number) =>
  createClient(service, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));

/** Resolves once `replica` reports `status` for the whole server, through a `Health.Watch` stream. */
async function waitForServingStatus(
  replica: ServiceProcess,
  status: ServingStatus,
  timeoutMs: number,
): Promise<void> {
  const health = grpcClient(Health, replica.port);
  for await (const answer of health.watch({ service: "" }, { timeoutMs })) {
    if (answer.status === status) return;
  }
  assert.fail(`${replica.instanceId}: the health stream ended before ${ServingStatus[status]}`);
}

/** Polls Envoy's admin until `cluster` counts `healthy` hosts; rejects after `timeoutMs`. */
async function waitForHealthyCount(
  topology: TestTopology,
  cluster: string,
  healthy: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await healthyHostCounts(topology.envoy);
    if (counts.get(cluster) === healthy) return;
    if (Date.now() > deadline) {
      assert.fail(`Envoy counts ${String(counts.get(cluster))} healthy ${cluster} hosts, not ${healthy}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The first stock level `WatchStockLevels` sends for `productId` through Envoy. */
async function stockLevel(topology: TestTopology, productId: string): Promise<number> {
  const catalog = grpcClient(CatalogService, topology.plaintextPort);
  for await (const message of catalog.watchStockLevels({ productIds: [productId] }, { timeoutMs: 5000 })) {
    if (message.event.case === "stockLevel") return message.event.value.available;
  }
  assert.fail(`no stock level for ${productId}`);
}

async function expectUnavailable(call: Promise<unknown>, what: string): Promise<ConnectError> {
  const error = await call.then(
    () => assert.fail(`${what} succeeded with the database down`),
    (reason: unknown) => ConnectError.from(reason),
  );
  assert.equal(error.code, Code.Unavailable, `${what}: ${error.message}`);
  return error;
}

/**
 * Calls `GetProduct` (which needs no database) through Envoy until Envoy answers it itself with
 * "no healthy upstream": the sign that its workers route nothing to the catalog replicas.
 * Rejects after `timeoutMs`, naming the replica that still answered.
 */
async function waitForEnvoyToRouteNoCatalogCall(topology: TestTopology, timeoutMs: number): Promise<void> {
  const catalog = grpcClient(CatalogService, topology.plaintextPort);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const headers = new Headers();
    const answer = await catalog
      .getProduct(
        { id: "sku-aeropress" },
        {
          timeoutMs: 5000,
          onHeader: (received) => {
            received.forEach((value, key) => {
              headers.set(key, value);
            });
          },
        },
      )
      .then(
        () => undefined,
        (reason: unknown) => ConnectError.from(reason),
      );
    if (answer?.code === Code.Unavailable && answer.rawMessage === "no healthy upstream") return;
    if (Date.now() > deadline) {
      assert.fail(
        `Envoy still routed GetProduct (${answer?.message ?? "OK"}, served by ${headers.get("x-served-by") ?? "no replica"})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("state in PostgreSQL, with every replica a process behind Envoy", () => {
  const topologies: TestTopology[] = [];
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const topology of topologies) await topology.stop();
    for (const database of databases) await database.stop();
  });

  const start = async (database: TestDatabase): Promise<TestTopology> => {
    const topology = await startTestTopology({
      database,
      replicas: 2,
      replicasOf: { pricing: 1 },
      replicaEnv: { DATABASE_PROBE_INTERVAL_MS: String(databaseProbeIntervalMs) },
      timings: { healthCheckIntervalMs, healthCheckTimeoutMs: healthCheckIntervalMs },
    });
    topologies.push(topology);
    return topology;
  };

  it("when every replica is killed with SIGKILL and the platform restarts, then orders and stock are still there", async () => {
    // A server of the test's own: the platform's restart includes the database's.
    const database = await startTestDatabase({ name: "suite_durability", ownServer: true });
    databases.push(database);
    const first = await start(database);
    const productId = "sku-grinder-burr";
    const before = await stockLevel(first, productId);
    const request = {
      requestId: randomUUID(),
      customerId: "durability",
      lines: [{ productId, quantity: 3 }],
    };
    const checkout = grpcClient(CheckoutService, first.plaintextPort);
    const { order } = await checkout.placeOrder(request, { timeoutMs: 10_000 });
    assert.ok(order);
    assert.equal(await stockLevel(first, productId), before - 3);

    for (const replica of first.replicas) replica.signal("SIGKILL");
    for (const replica of first.replicas) {
      assert.match((await replica.exited).description, /SIGKILL/, replica.instanceId);
    }
    await first.stop();
    await database.stopServer();
    await database.restartServer();

    const second = await start(database);
    const again = grpcClient(CheckoutService, second.plaintextPort);
    assert.deepEqual((await again.getOrder({ id: order.id }, { timeoutMs: 5000 })).order, order);
    const listed = await again.listOrders({ customerId: "durability" }, { timeoutMs: 5000 });
    assert.deepEqual(
      listed.orders.map((listedOrder) => listedOrder.id),
      [order.id],
    );
    assert.equal(await stockLevel(second, productId), before - 3, "the reservation survived");
    // The idempotency key survived too: a retry after the restart is the same order, not a second one.
    assert.deepEqual((await again.placeOrder(request, { timeoutMs: 10_000 })).order, order);
    assert.equal(await stockLevel(second, productId), before - 3, "the retry took no stock");
    await second.stop();
  });

  it(`when the database stops, then ${owners.join(" and ")} turn NOT_SERVING, Envoy counts none healthy within ${healthCheckWindowMs} ms, routes no call to them within ${workerUpdateWindowMs} ms more, and every call fails UNAVAILABLE; when it is back, they serve again without a restart`, async () => {
    const database = await startTestDatabase({ name: "suite_outage", ownServer: true });
    databases.push(database);
    const topology = await start(database);
    const stateful = topology.replicas.filter((replica) => owners.includes(replica.service));
    const checkout = grpcClient(CheckoutService, topology.plaintextPort);
    const catalog = grpcClient(CatalogService, topology.plaintextPort);
    const order = (
      await checkout.placeOrder(
        {
          requestId: randomUUID(),
          customerId: "outage",
          lines: [{ productId: "sku-aeropress", quantity: 1 }],
        },
        { timeoutMs: 10_000 },
      )
    ).order;
    assert.ok(order);

    await database.stopServer();
    const stoppedAt = Date.now();
    await Promise.all(
      stateful.map((replica) => waitForServingStatus(replica, ServingStatus.NOT_SERVING, notServingWindowMs)),
    );
    await Promise.all(
      owners.map((name) =>
        waitForHealthyCount(topology, name, 0, healthCheckWindowMs - (Date.now() - stoppedAt)),
      ),
    );
    const elapsedMs = Date.now() - stoppedAt;
    assert.ok(elapsedMs <= healthCheckWindowMs, `Envoy routed around them after ${elapsedMs} ms`);
    const counts = await healthyHostCounts(topology.envoy);
    assert.equal(counts.get("pricing"), 1, "pricing keeps no state: it keeps serving");
    // Envoy routes nothing to them: even GetProduct, which needs no database, is answered by
    // Envoy itself (panic threshold 0), once its workers have the new host sets.
    await waitForEnvoyToRouteNoCatalogCall(topology, workerUpdateWindowMs);
    const getProduct = await expectUnavailable(
      catalog.getProduct({ id: "sku-aeropress" }, { timeoutMs: 5000 }),
      "GetProduct",
    );
    assert.equal(getProduct.rawMessage, "no healthy upstream");
    await expectUnavailable(checkout.getOrder({ id: order.id }, { timeoutMs: 5000 }), "GetOrder");
    await expectUnavailable(
      checkout.placeOrder(
        {
          requestId: randomUUID(),
          customerId: "outage",
          lines: [{ productId: "sku-aeropress", quantity: 1 }],
        },
        { timeoutMs: 5000 },
      ),
      "PlaceOrder",
    );
    await expectUnavailable(
      catalog.reserveStock(
        { orderId: `ord-${randomUUID()}`, lines: [{ productId: "sku-aeropress", quantity: 1 }] },
        { timeoutMs: 5000 },
      ),
      "ReserveStock",
    );

    await database.restartServer();
    await Promise.all(
      stateful.map((replica) => waitForServingStatus(replica, ServingStatus.SERVING, 10_000)),
    );
    await waitForHealthyHosts(
      topology.envoy,
      new Map(owners.map((name) => [name, topology.replicasOf(name).length])),
      10_000,
    );
    assert.deepEqual((await checkout.getOrder({ id: order.id }, { timeoutMs: 5000 })).order, order);
    assert.deepEqual(
      stateful.filter((replica) => replica.process.hasExited()).map((replica) => replica.instanceId),
      [],
      "no replica was restarted",
    );
    await topology.stop();
  });
});
