import { loadDatabaseConfig } from "@switchyard/postgres";
import { createServiceLogger, loadServiceConfig, runServiceMain } from "@switchyard/service-runtime";
import { loadCatalogConfig } from "./catalog-config.js";
import { openCatalogDatabase } from "./catalog-database.js";
import { startCatalogServer } from "./catalog-server.js";
import { bundledProductsPath, createInMemoryProductStore, loadProductsFile } from "./product-store.js";
import { bundledStockPath, createInMemoryStockStore, loadStockFile } from "./stock-store.js";

await runServiceMain(
  async () => {
    const config = loadCatalogConfig();
    const serviceConfig = loadServiceConfig();
    const databaseConfig = loadDatabaseConfig();
    const logger = createServiceLogger({
      name: "catalog",
      instanceId: serviceConfig.instanceId,
      level: serviceConfig.logLevel,
    });
    const products = await loadProductsFile(bundledProductsPath);
    const initialStock = await loadStockFile(bundledStockPath);
    const { url } = databaseConfig;
    if (url === undefined) {
      logger.warn({}, "DATABASE_URL is unset: stock lives in this process only");
      const stock = createInMemoryStockStore(initialStock);
      const service = await startCatalogServer({
        products: createInMemoryProductStore(products),
        stock,
        heartbeatIntervalMs: config.heartbeatIntervalMs,
        config: serviceConfig,
      });
      if (config.stockSimulationMs > 0) {
        // Demo only: with a database, levels change through ReserveStock on any replica.
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
    }
    const database = await openCatalogDatabase({ ...databaseConfig, url }, initialStock, {
      info: (message) => {
        logger.info({}, message);
      },
      warn: (message) => {
        logger.warn({}, message);
      },
    });
    try {
      const service = await startCatalogServer({
        products: createInMemoryProductStore(products),
        stock: database.stock,
        heartbeatIntervalMs: config.heartbeatIntervalMs,
        config: serviceConfig,
        readiness: (health) => database.readiness.readiness(health),
      });
      void service.closed.then(() => database.close());
      return service;
    } catch (error) {
      await database.close();
      throw error;
    }
  },
  { telemetryServiceName: "catalog" },
);
