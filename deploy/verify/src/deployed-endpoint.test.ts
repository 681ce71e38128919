// Verifies a deployed platform through its load balancer (ECS or EKS): set
// SWITCHYARD_ENDPOINT=<dns name of the certificate>[:443]. Every method of every
// service gets one empty request message, which validation rejects or a lookup
// misses (a stream is cancelled): it proves routing without changing data.
// Skipped, with the reason, when no endpoint is given.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deployedServices } from "@switchyard/deploy-settings";
import {
  callEveryMethod,
  sendRawGrpcCall,
  unimplementedCode,
  withHttp2Session,
} from "@switchyard/deploy-validators";
import { readDeployedEndpoint } from "./deployed-endpoint.js";

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
  for (const service of deployedServices()) {
    it(
      `when every RPC of ${service.name} is called through the load balancer, then each reaches it`,
      { skip },
      async () => {
        assert.ok(setting.configured);
        const reaches = await callEveryMethod(setting.endpoint, service.grpcServices);
        for (const reach of reaches) assert.ok(reach.reached, `${reach.path}: ${JSON.stringify(reach)}`);
      },
    );
  }

  it(
    "when an unknown gRPC service is called, then the load balancer answers UNIMPLEMENTED",
    { skip },
    async () => {
      assert.ok(setting.configured);
      const outcome = await withHttp2Session(setting.endpoint, (session) =>
        sendRawGrpcCall(session, "/switchyard.nowhere.v1.Nothing/Call"),
      );
      // The listener's default action answers HTTP 404, which gRPC clients read as UNIMPLEMENTED.
      assert.ok(
        outcome.httpStatus === 404 || outcome.grpcStatus === unimplementedCode,
        JSON.stringify(outcome),
      );
    },
  );
});
