import { runServiceMain } from "@switchyard/service-runtime";
import { loadCatalogConfig } from "./catalog-config.js";
import { startCatalogServer } from "./catalog-server.js";
import { bundledProductsPath, createInMemoryProductStore, loadProductsFile } from "./product-store.js";
import { bundledStockPath, createInMemoryStockStore, loadStockFile } from "./stock-store.js";

await runServiceMain(
  async () => {
    const config = loadCatalogConfig();
    const products = await loadProductsFile(bundledProductsPath);
    const stock = createInMemoryStockStore(await loadStockFile(bundledStockPath));
    const service = await startCatalogServer({
      products: createInMemoryProductStore(products),
      stock,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
    });
    if (config.stockSimulationMs > 0) {
      // Demo only: a real deployment's stock changes come from a shared store's change feed.
      let tick = 0;
      const timer = setInterval(() => {
        const product = products[tick % products.length];
        tick += 1;
        if (product !== undefined) stock.setAvailable(product.id, (tick * 7) % 25);
      }, config.stockSimulationMs);
      timer.unref();
      void service.closed.then(() => {
        clearInterval(timer);
      });
    }
    return service;
  },
  { telemetryServiceName: "catalog" },
);
