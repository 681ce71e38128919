import { runServiceMain } from "@switchyard/service-runtime";
import { startPricingServer } from "./pricing-server.js";
import { createInMemoryPromoCodeStore } from "./promo-code-store.js";

await runServiceMain(() => startPricingServer({ promoCodes: createInMemoryPromoCodeStore() }), {
  telemetryServiceName: "pricing",
});
