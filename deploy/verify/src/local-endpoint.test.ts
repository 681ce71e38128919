// The deployed-endpoint checks, proven against a local front door: the services
// as processes behind Envoy's TLS listener (self-signed certificate), reached
// the way the suite reaches an ALB — HTTPS with ALPN h2 and an SNI name.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { deployedServices } from "@switchyard/deploy-settings";
import { startPlatformProcesses, type PlatformProcesses } from "@switchyard/deploy-validators";
import {
  ensureDevCertificate,
  frontProxyTlsListenerName,
  renderFrontProxyConfig,
} from "@switchyard/envoy-config";
import { startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { readDeployedEndpoint } from "./deployed-endpoint.js";
import { verifyEndpoint } from "./verify-endpoint.js";

const services = deployedServices();
let dir = "";
let platform: PlatformProcesses | undefined;
let envoy: EnvoyProcess | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchyard-verify-"));
  const certificate = await ensureDevCertificate(dir);
  platform = await startPlatformProcesses(services, { DEPENDENCY_PROBE_INTERVAL_MS: "200" });
  const running = platform;
  envoy = await startEnvoy({
    configYaml: renderFrontProxyConfig({
      services: services.map((service) => ({
        name: service.name,
        grpcServices: service.grpcServices,
        endpoints: [{ host: "127.0.0.1", port: Number(new URL(running.get(service.name).url).port) }],
      })),
      listenerPort: 0,
      adminPort: 0,
      tls: { port: 0, ...certificate },
    }),
  });
});
after(async () => {
  await envoy?.stop();
  await platform?.stop();
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

describe("endpoint verification against a local TLS front proxy", () => {
  it("when SWITCHYARD_ENDPOINT names it, then every RPC reaches its service and unknown services are refused", async () => {
    assert.ok(envoy);
    const setting = readDeployedEndpoint({
      SWITCHYARD_ENDPOINT: `127.0.0.1:${envoy.listenerPort(frontProxyTlsListenerName)}`,
      SWITCHYARD_TLS_SERVERNAME: "localhost",
      SWITCHYARD_TLS_INSECURE: "true",
    });
    assert.ok(setting.configured);
    // Envoy health-checks the replicas before routing to them: retry briefly until it does.
    const deadline = Date.now() + 10_000;
    let report = await verifyEndpoint(setting.endpoint, services);
    while (report.unreached.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      report = await verifyEndpoint(setting.endpoint, services);
    }
    assert.ok(report.methods.length >= services.length);
    assert.deepEqual(report.unreached, []);
    assert.ok(report.unknownServiceRejected, JSON.stringify(report.unknownService));
  });
});
