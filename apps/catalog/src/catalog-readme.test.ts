import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { runReadmeExamples } from "@switchyard/testing";
import { findPlatformService } from "@switchyard/topology";
import { startCatalogServer } from "./catalog-server.js";
import { bundledProductsPath, createInMemoryProductStore, loadProductsFile } from "./product-store.js";
import { bundledStockPath, createInMemoryStockStore, loadStockFile } from "./stock-store.js";

describe("the catalog README's grpcurl examples", () => {
  let server: RunningService | undefined;

  before(async () => {
    server = await startCatalogServer({
      products: createInMemoryProductStore(await loadProductsFile(bundledProductsPath)),
      stock: createInMemoryStockStore(await loadStockFile(bundledStockPath)),
      heartbeatIntervalMs: 200,
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    });
  });

  after(async () => {
    await server?.forceClose();
  });

  it("when every example is run through server reflection, then every method answers", async () => {
    assert.ok(server !== undefined, "before() started the server");
    const isWatch = (method: string) => method.endsWith("WatchStockLevels");
    const results = await runReadmeExamples({
      readme: new URL("../README.md", import.meta.url),
      service: CatalogService,
      documentedPort: findPlatformService("catalog").port,
      port: server.port,
      // A watch never ends by itself: grpcurl stops it after a second, when it has printed levels and heartbeats.
      flagsFor: (example) => (isWatch(example.method) ? ["-max-time", "1"] : []),
    });
    for (const [method, result] of results) {
      if (isWatch(method)) {
        assert.match(result.stderr, /DeadlineExceeded/, `${method}: ended by -max-time`);
        assert.match(result.stdout, /"stockLevel"[\s\S]*"heartbeat"/, `${method}: levels, then heartbeats`);
      } else {
        assert.equal(result.exitCode, 0, `${method} failed: ${result.stderr}`);
        assert.ok(JSON.parse(result.stdout), `${method}: JSON answer`);
      }
    }
  });
});
