// Verifies a deployed platform through its load balancer (ECS or EKS): set
// SWITCHYARD_ENDPOINT=<dns name of the certificate>[:443]. Skipped, with the
// reason, when no endpoint is given; local-endpoint.test.ts runs the same
// checks against a local TLS front proxy so they are proven on every run.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deployedServices } from "@switchyard/deploy-settings";
import { readDeployedEndpoint } from "./deployed-endpoint.js";
import { verifyEndpoint } from "./verify-endpoint.js";

describe("SWITCHYARD_ENDPOINT parsing", () => {
  it("when a bare host is given, then it is HTTPS on 443", () => {
    const setting = readDeployedEndpoint({ SWITCHYARD_ENDPOINT: "grpc.example.com" });
    assert.deepEqual(setting, {
      configured: true,
      endpoint: { url: "https://grpc.example.com", insecure: false },
    });
  });

  it("when a plaintext URL is given, then it is rejected (ALB gRPC needs HTTPS)", () => {
    assert.throws(() => readDeployedEndpoint({ SWITCHYARD_ENDPOINT: "http://x:80" }), /must be HTTPS/);
  });

  it("when nothing is set, then the suite is skipped with the reason", () => {
    assert.deepEqual(readDeployedEndpoint({}), {
      configured: false,
      reason: "SWITCHYARD_ENDPOINT is not set: no deployed endpoint to verify",
    });
  });
});

const setting = readDeployedEndpoint();
const skip = setting.configured ? false : setting.reason;
if (skip !== false) process.stdout.write(`# deployed endpoint suite skipped: ${skip}\n`);

describe("deployed endpoint", () => {
  it(
    "when every RPC of every service is called through the load balancer, then each reaches its service",
    { skip },
    async () => {
      assert.ok(setting.configured);
      const report = await verifyEndpoint(setting.endpoint, deployedServices());
      assert.ok(report.methods.length > 0);
      assert.deepEqual(report.unreached, []);
      assert.ok(report.unknownServiceRejected, JSON.stringify(report.unknownService));
    },
  );
});
