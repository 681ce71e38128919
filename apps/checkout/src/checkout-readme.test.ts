import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { readGrpcurlExamples, runGrpcurlExample } from "@switchyard/testing";
import { findPlatformService } from "@switchyard/topology";
import { loadCheckoutConfig } from "./checkout-config.js";
import { startCheckoutServer } from "./checkout-server.js";
import { createInMemoryOrderStore } from "./order-store.js";
import { startFakeCatalog, startFakePricing, type FakeDependency } from "./testing/fake-dependencies.js";

describe("the checkout README's grpcurl examples", () => {
  const dependencies: FakeDependency[] = [];
  let server: RunningService | undefined;

  before(async () => {
    const catalog = await startFakeCatalog();
    const pricing = await startFakePricing();
    dependencies.push(catalog, pricing);
    server = await startCheckoutServer({
      checkout: loadCheckoutConfig({
        CATALOG_URLS: catalog.server.url,
        PRICING_TARGET: `ipv4:127.0.0.1:${pricing.server.port}`,
      }),
      orders: createInMemoryOrderStore(),
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    });
  });

  after(async () => {
    await server?.forceClose();
    await Promise.all(dependencies.map((dependency) => dependency.server.forceClose()));
  });

  it("when every example is run through server reflection, then every method answers", async () => {
    assert.ok(server !== undefined, "before() started the server");
    const examples = await readGrpcurlExamples(new URL("../README.md", import.meta.url));
    assert.deepEqual(
      examples.map((example) => example.method).sort(),
      CheckoutService.methods.map((method) => `${CheckoutService.typeName}/${method.name}`).sort(),
      "one example per method",
    );
    for (const example of examples) {
      assert.equal(
        example.port,
        findPlatformService("checkout").port,
        `${example.method}: the topology's port`,
      );
      const result = await runGrpcurlExample(example, server.port);
      assert.equal(result.exitCode, 0, `${example.method} failed: ${result.stderr}`);
      const answer = JSON.parse(result.stdout) as { order?: { id?: string }; rejected?: unknown[] };
      if (example.method.endsWith("/PlaceOrder")) assert.match(answer.order?.id ?? "", /^ord-/);
      else assert.equal(answer.rejected?.length, 1, "the README's unknown product is reported");
    }
  });
});
