import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadCheckoutConfig, urlsFromGrpcTarget } from "./checkout-config.js";

describe("checkout configuration", () => {
  it("when nothing is set, then the dependencies are the local platform's first replicas", () => {
    const config = loadCheckoutConfig({});
    assert.deepEqual(config.catalogUrls, ["http://127.0.0.1:50051"]);
    assert.equal(config.pricingTarget, "ipv4:127.0.0.1:50052");
    assert.equal(config.dependencyTimeoutMs, 2000);
    assert.equal(config.deadlineMarginMs, 100);
    assert.equal(config.dependencyProbeIntervalMs, 5000);
  });

  it("when only CATALOG_TARGET is set, as the deploy manifests do, then the catalog URLs come from it", () => {
    assert.deepEqual(loadCheckoutConfig({ CATALOG_TARGET: "dns:///catalog:50051" }).catalogUrls, [
      "http://catalog:50051",
    ]);
    assert.deepEqual(urlsFromGrpcTarget("ipv4:10.0.0.1:50051,10.0.0.2:50051"), [
      "http://10.0.0.1:50051",
      "http://10.0.0.2:50051",
    ]);
    assert.deepEqual(urlsFromGrpcTarget("catalog.internal:50051"), ["http://catalog.internal:50051"]);
  });

  it("when CATALOG_URLS is set, then it wins over CATALOG_TARGET", () => {
    const config = loadCheckoutConfig({
      CATALOG_URLS: "http://a:1, http://b:2",
      CATALOG_TARGET: "dns:///c:3",
    });
    assert.deepEqual(config.catalogUrls, ["http://a:1", "http://b:2"]);
  });

  it("when TLS_DEPENDENCY_CA_FILE is set, then the catalog URLs are https and an http one is refused", () => {
    const tls = { TLS_DEPENDENCY_CA_FILE: "/tls/ca.pem" };
    assert.deepEqual(loadCheckoutConfig({ ...tls, CATALOG_TARGET: "ipv4:10.0.0.1:50051" }).catalogUrls, [
      "https://10.0.0.1:50051",
    ]);
    assert.deepEqual(loadCheckoutConfig({ ...tls, CATALOG_URLS: "https://a:1" }).catalogUrls, [
      "https://a:1",
    ]);
    assert.throws(
      () => loadCheckoutConfig({ ...tls, CATALOG_URLS: "https://a:1,http://b:2" }),
      /CATALOG_URLS: must be https:\/\/ URLs when TLS_DEPENDENCY_CA_FILE is set/,
    );
  });

  it("when a variable is invalid, then the error names it", () => {
    assert.throws(() => loadCheckoutConfig({ CATALOG_URLS: "catalog:50051" }), /CATALOG_URLS/);
    assert.throws(() => loadCheckoutConfig({ DEPENDENCY_TIMEOUT_MS: "soon" }), /DEPENDENCY_TIMEOUT_MS/);
    assert.throws(
      () => loadCheckoutConfig({ DEPENDENCY_PROBE_INTERVAL_MS: "1" }),
      /DEPENDENCY_PROBE_INTERVAL_MS/,
    );
  });
});
