import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { loadServiceConfig } from "@switchyard/service-runtime";
import {
  createMalformedGrpcRequests,
  sendMalformedGrpcRequests,
  serveDuringSuite,
} from "@switchyard/testing";
import { startCatalogServer } from "./catalog-server.js";
import { bundledProductsPath, createInMemoryProductStore, loadProductsFile } from "./product-store.js";
import { createInMemoryStockStore } from "./stock-store.js";
import { createConnectCatalogClient } from "./testing/catalog-test-clients.js";

describe("catalog under malformed requests", () => {
  const server = serveDuringSuite(async () =>
    startCatalogServer({
      products: createInMemoryProductStore(await loadProductsFile(bundledProductsPath)),
      stock: createInMemoryStockStore(new Map([["sku-aeropress", 3]])),
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    }),
  );

  it("when every method gets random bytes, truncated frames and oversized messages, then each call ends with a gRPC error and the service keeps serving", async () => {
    const paths = CatalogService.methods.map((method) => `/${CatalogService.typeName}/${method.name}`);
    const requests = createMalformedGrpcRequests();
    const outcomes = await sendMalformedGrpcRequests({ baseUrl: server().url, paths, requests });
    assert.equal(outcomes.length, paths.length * requests.length);
    for (const outcome of outcomes) {
      assert.ok(
        outcome.grpcStatus !== undefined && outcome.grpcStatus > 0 && outcome.grpcStatus <= 16,
        `${outcome.path} with ${outcome.request}: expected a gRPC error status, got ${JSON.stringify(outcome)}`,
      );
    }
    const { product } = await createConnectCatalogClient(server().url).getProduct({ id: "sku-aeropress" });
    assert.equal(product?.id, "sku-aeropress");
  });
});
