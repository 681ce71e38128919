// The front proxy as a web gateway behind a load balancer: its own health-check path (200
// while serving, 503 once it is going away) and services reached through a balancing proxy
// (ECS Service Connect), which Envoy must not health-check or eject as if it were a replica.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { frontProxyListenerName } from "./front-proxy-options.js";
import { renderWebGatewayConfig } from "./web-gateway-config.js";

const healthPath = "/gateway-health";

interface RenderedCluster {
  name: string;
  type: string;
  health_checks?: unknown;
  outlier_detection?: unknown;
}

const gatewayConfig = (): string =>
  renderWebGatewayConfig({
    services: [
      {
        name: "catalog",
        grpcServices: ["switchyard.catalog.v1.CatalogService"],
        // Service Connect's name for catalog; nothing answers on loopback port 1 here.
        endpoints: [{ host: "localhost", port: 1 }],
        discovery: "balancing-proxy",
      },
    ],
    listenerPort: 0,
    adminPort: 0,
    healthPath,
    allowedOrigins: ["https://shop.example.com"],
  });

describe("the front proxy as a web gateway behind a load balancer", () => {
  const started: EnvoyProcess[] = [];
  after(async () => {
    await Promise.all(started.map((envoy) => envoy.stop()));
  });

  it("when a service is reached through a balancing proxy, then its cluster is one logical host, never health-checked or ejected", () => {
    const bootstrap = parse(gatewayConfig()) as { static_resources: { clusters: RenderedCluster[] } };
    const catalog = bootstrap.static_resources.clusters.find((cluster) => cluster.name === "catalog");
    assert.ok(catalog);
    assert.equal(catalog.type, "LOGICAL_DNS");
    assert.equal(catalog.health_checks, undefined);
    assert.equal(catalog.outlier_detection, undefined);
  });

  it("when connections have no maximum age, then Envoy leaves closing them to the load balancer", () => {
    assert.ok(!gatewayConfig().includes("max_connection_duration"));
  });

  it("when a page asks for CORS, then only the named origins are admitted", () => {
    const config = gatewayConfig();
    assert.ok(config.includes("exact: https://shop.example.com"), "the storefront's origin, exactly");
    assert.ok(config.includes("regex: ^$"), "no loopback origin of the local default");
  });

  it("when the load balancer checks the health path, then Envoy answers 200 itself, and 503 once it is told to fail health checks", async () => {
    // Loopback for the test: the gateway listens on every address in a container.
    const envoy = await startEnvoy({ configYaml: gatewayConfig().replaceAll("0.0.0.0", "127.0.0.1") });
    started.push(envoy);
    const url = `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}${healthPath}`;
    // The only upstream is unreachable: the gateway's health must not depend on the services.
    assert.equal((await fetch(url)).status, 200);
    const failing = await fetch(`${envoy.adminUrl}/healthcheck/fail`, { method: "POST" });
    assert.equal(failing.status, 200);
    assert.equal((await fetch(url)).status, 503);
  });
});
