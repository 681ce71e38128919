import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { runReadmeExamples } from "@switchyard/testing";
import { findPlatformService } from "@switchyard/topology";
import { startPricingServer } from "./pricing-server.js";
import { createInMemoryPromoCodeStore } from "./promo-code-store.js";

describe("the pricing README's grpcurl examples", () => {
  let server: RunningService | undefined;

  before(async () => {
    server = await startPricingServer({
      promoCodes: createInMemoryPromoCodeStore(),
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    });
  });

  after(async () => {
    await server?.forceClose();
  });

  it("when every example is run through server reflection, then every method answers with the documented totals", async () => {
    assert.ok(server !== undefined, "before() started the server");
    const results = await runReadmeExamples({
      readme: new URL("../README.md", import.meta.url),
      service: PricingService,
      documentedPort: findPlatformService("pricing").port,
      port: server.port,
    });
    const outputs = new Map<string, string>();
    for (const [method, result] of results) {
      assert.equal(result.exitCode, 0, `${method} failed: ${result.stderr}`);
      outputs.set(method, result.stdout);
    }
    // Quote: 2 × 12.90 + 10 × 34.50 − 5 % bulk (17.25) − 10 % of the rest (35.355 → 35.36) = 318.19.
    assert.match(outputs.get("Quote") ?? "", /"total": \{\s*"currencyCode": "EUR",\s*"minorUnits": "31819"/);
    // EditCart: 39.90, then 10 % off = 35.91.
    assert.match(outputs.get("EditCart") ?? "", /"editsApplied": 2[\s\S]*"minorUnits": "3591"/);
  });
});
