import { loadDatabaseConfig } from "@switchyard/postgres";
import { createServiceLogger, loadServiceConfig, runServiceMain } from "@switchyard/service-runtime";
import { loadCheckoutConfig } from "./checkout-config.js";
import { openCheckoutDatabase } from "./checkout-database.js";
import { startCheckoutServer } from "./checkout-server.js";
import { createInMemoryOrderStore } from "./order-store.js";

await runServiceMain(
  async () => {
    const checkout = loadCheckoutConfig();
    const config = loadServiceConfig();
    const databaseConfig = loadDatabaseConfig();
    const logger = createServiceLogger({
      name: "checkout",
      instanceId: config.instanceId,
      level: config.logLevel,
    });
    const { url } = databaseConfig;
    if (url === undefined) {
      logger.warn({}, "DATABASE_URL is unset: orders live in this process only");
      return startCheckoutServer({ checkout, config, orders: createInMemoryOrderStore() });
    }
    const database = await openCheckoutDatabase(
      { ...databaseConfig, url },
      {
        info: (message) => {
          logger.info({}, message);
        },
        warn: (message) => {
          logger.warn({}, message);
        },
      },
    );
    try {
      const service = await startCheckoutServer({ checkout, config, orders: database.orders, database });
      void service.closed.then(() => database.close());
      return service;
    } catch (error) {
      await database.close();
      throw error;
    }
  },
  { telemetryServiceName: "checkout" },
);
