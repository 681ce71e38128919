import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ServingStatus } from "@switchyard/grpc-health";
import { createCatalogClient } from "./catalog-client.js";
import { startFakeCatalog, type FakeDependency } from "./testing/fake-dependencies.js";

const call = { signal: new AbortController().signal, timeoutMs: 2000, capped: false };

describe("the catalog client behind a host name", () => {
  const replicas: FakeDependency[] = [];

  before(async () => {
    const first = await startFakeCatalog("127.0.0.1");
    // The same port on a second loopback address, as pods behind a headless Service share their port.
    replicas.push(first, await startFakeCatalog("127.0.0.2", first.server.port));
  });

  after(async () => {
    await Promise.all(replicas.map((replica) => replica.server.forceClose()));
  });

  it("when the name resolves to several addresses, then calls go round robin across all of them", async () => {
    const port = replicas[0]?.server.port ?? 0;
    const resolved: string[] = [];
    let resolvedOnce: () => void = () => undefined;
    const firstResolution = new Promise<void>((resolve) => {
      resolvedOnce = resolve;
    });
    const client = createCatalogClient([`http://catalog.test:${port}`], {
      resolve: (hostname) => {
        resolved.push(hostname);
        queueMicrotask(resolvedOnce);
        return Promise.resolve(["127.0.0.1", "127.0.0.2"]);
      },
    });
    try {
      await firstResolution;
      // The client applies the resolved list once the lookup's promise has settled: one turn later.
      await new Promise((resolve) => setImmediate(resolve));
      for (let index = 0; index < 4; index++) {
        const product = await client.getProduct("sku-aeropress", call);
        assert.equal(product?.id, "sku-aeropress");
      }
      assert.deepEqual(resolved, ["catalog.test"]);
      assert.deepEqual(
        replicas.map((replica) => replica.calls.length),
        [2, 2],
      );
    } finally {
      client.close();
    }
  });

  it("when a replica reports NOT_SERVING (draining), then calls go to the others until it serves again", async () => {
    const [draining, serving] = replicas;
    assert.ok(draining && serving);
    const client = createCatalogClient([draining.server.url, serving.server.url]);
    const before = replicas.map((replica) => replica.calls.length);
    try {
      draining.server.health.setStatus("", ServingStatus.NOT_SERVING);
      assert.equal(await client.isReachable(1000), true, "one replica still serves");
      for (let index = 0; index < 4; index++) await client.getProduct("sku-aeropress", call);
      assert.deepEqual(
        replicas.map((replica, index) => replica.calls.length - (before[index] ?? 0)),
        [0, 4],
      );
      draining.server.health.setStatus("", ServingStatus.SERVING);
      assert.equal(await client.isReachable(1000), true);
      for (let index = 0; index < 4; index++) await client.getProduct("sku-aeropress", call);
      assert.deepEqual(
        replicas.map((replica, index) => replica.calls.length - (before[index] ?? 0)),
        [2, 6],
      );
    } finally {
      draining.server.health.setStatus("", ServingStatus.SERVING);
      client.close();
    }
  });

  it("when a URL names an IP address, then it is used as is", async () => {
    const resolve = (): Promise<string[]> => Promise.reject(new Error("must not resolve an IP address"));
    const client = createCatalogClient([replicas[0]?.server.url ?? ""], { resolve });
    try {
      assert.equal(await client.getProduct("sku-missing", call), undefined);
      assert.equal(await client.isReachable(1000), true);
    } finally {
      client.close();
    }
  });
});
