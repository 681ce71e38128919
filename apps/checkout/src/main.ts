import { runServiceMain } from "@switchyard/service-runtime";
import { loadCheckoutConfig } from "./checkout-config.js";
import { startCheckoutServer } from "./checkout-server.js";
import { createInMemoryOrderStore } from "./order-store.js";

await runServiceMain(
  () => startCheckoutServer({ checkout: loadCheckoutConfig(), orders: createInMemoryOrderStore() }),
  { telemetryServiceName: "checkout" },
);
