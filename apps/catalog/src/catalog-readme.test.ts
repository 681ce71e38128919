import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { readGrpcurlExamples, runGrpcurlExample } from "@switchyard/testing";
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
    const examples = await readGrpcurlExamples(new URL("../README.md", import.meta.url));
    assert.deepEqual(
      examples.map((example) => example.method).sort(),
      CatalogService.methods.map((method) => `${CatalogService.typeName}/${method.name}`).sort(),
      "one example per method",
    );
    for (const example of examples) {
      assert.equal(
        example.port,
        findPlatformService("catalog").port,
        `${example.method}: the topology's port`,
      );
      const streaming = example.method.endsWith("/WatchStockLevels");
      // A watch never ends by itself: grpcurl stops it after a second, when it has printed levels and heartbeats.
      const result = await runGrpcurlExample(
        example,
        server.port,
        streaming ? { extraFlags: ["-max-time", "1"] } : {},
      );
      if (streaming) {
        assert.match(result.stderr, /DeadlineExceeded/, `${example.method}: ended by -max-time`);
        assert.match(
          result.stdout,
          /"stockLevel"[\s\S]*"heartbeat"/,
          `${example.method}: levels, then heartbeats`,
        );
      } else {
        assert.equal(result.exitCode, 0, `${example.method} failed: ${result.stderr}`);
        assert.ok(JSON.parse(result.stdout), `${example.method}: JSON answer`);
      }
    }
  });
});
