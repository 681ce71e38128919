import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { frontProxyListenerName, renderFrontProxyConfig } from "@switchyard/envoy-config";
import { startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { findPlatformService } from "@switchyard/topology";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { startCatalogServer } from "./catalog-server.js";
import { bundledProductsPath, createInMemoryProductStore, loadProductsFile } from "./product-store.js";
import { createInMemoryStockStore } from "./stock-store.js";

function catalogClient(baseUrl: string): Client<typeof CatalogService> {
  return createClient(CatalogService, createGrpcTransport({ baseUrl }));
}

describe("catalog GetProduct over h2c", () => {
  let server: RunningService | undefined;
  let envoy: EnvoyProcess | undefined;
  const started = <T>(value: T | undefined): T => {
    assert.ok(value !== undefined, "before() started the topology");
    return value;
  };
  const paths: { name: string; baseUrl: () => string }[] = [
    { name: "directly", baseUrl: () => started(server).url },
    {
      name: "through Envoy",
      baseUrl: () => `http://127.0.0.1:${started(envoy).listenerPort(frontProxyListenerName)}`,
    },
  ];

  before(async () => {
    const products = createInMemoryProductStore(await loadProductsFile(bundledProductsPath));
    const catalog = await startCatalogServer({
      products,
      stock: createInMemoryStockStore(new Map()),
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    });
    server = catalog;
    envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: [
          {
            name: "catalog",
            grpcServices: findPlatformService("catalog").grpcServices,
            endpoints: [{ host: "127.0.0.1", port: catalog.port }],
            // This server serves no grpc.health.v1 yet, so Envoy must not health-check it.
            activeHealthCheck: false,
          },
        ],
        listenerPort: 0,
        adminPort: 0,
      }),
    });
  });

  after(async () => {
    await envoy?.stop();
    await server?.forceClose();
  });

  for (const path of paths) {
    it(`when a known id is asked ${path.name}, then the product comes back`, async () => {
      const { product } = await catalogClient(path.baseUrl()).getProduct({ id: "sku-espresso-250g" });
      assert.ok(product, "response carries a product");
      assert.equal(product.name, "Espresso beans 250 g");
      assert.deepEqual(
        { currencyCode: product.unitPrice?.currencyCode, minorUnits: product.unitPrice?.minorUnits },
        { currencyCode: "EUR", minorUnits: 1290n },
      );
    });

    it(`when an unknown id is asked ${path.name}, then the status is NOT_FOUND`, async () => {
      await assert.rejects(
        catalogClient(path.baseUrl()).getProduct({ id: "sku-missing" }),
        (error: unknown) => {
          const connectError = ConnectError.from(error);
          assert.equal(connectError.code, Code.NotFound);
          assert.match(connectError.rawMessage, /sku-missing/);
          return true;
        },
      );
    });
  }

  it("when calls go through Envoy, then Envoy's cluster stats count them", async () => {
    const stats = await started(envoy).admin("/stats?filter=^cluster\\.catalog\\.upstream_rq_total$");
    const total = Number(/upstream_rq_total: (\d+)/.exec(stats)?.[1]);
    assert.ok(total >= 2, `expected at least 2 upstream requests, got ${stats}`);
  });
});
