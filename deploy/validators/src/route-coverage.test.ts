import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { deployedServices, healthyGrpcCodes, loadBalancerProbePath } from "@switchyard/deploy-settings";
import { callEveryMethod, matcherAccepts, replayAlbHealthCheck } from "./route-coverage.js";
import { startServiceProcess, type ServiceProcess } from "@switchyard/launcher";

describe("ALB matchers", () => {
  it("when a matcher lists codes or ranges, then exactly those codes pass", () => {
    assert.ok(matcherAccepts("0", 0));
    assert.ok(!matcherAccepts("0", 12));
    assert.ok(matcherAccepts("0,12", 12));
    assert.ok(matcherAccepts("0-5", 5));
    assert.ok(!matcherAccepts("0-5", 14));
  });
});

describe("replaying against a running service", () => {
  const [catalog] = deployedServices().filter((service) => service.name === "catalog");
  let process: ServiceProcess | undefined;
  before(async () => {
    process = await startServiceProcess({ service: "catalog" });
  });
  after(async () => {
    await process?.stop(0);
  });

  it("when the default ALB check (/AWS.ALB/healthcheck, 12) is replayed, then it passes without telling anything", async () => {
    assert.ok(process);
    const result = await replayAlbHealthCheck({ url: process.url }, "/AWS.ALB/healthcheck", "12");
    assert.deepEqual(result, { grpcStatus: 12, healthy: true });
  });

  it("when the load-balancer probe is replayed with matcher 0, then a SERVING target passes", async () => {
    assert.ok(process);
    const result = await replayAlbHealthCheck({ url: process.url }, loadBalancerProbePath, healthyGrpcCodes);
    assert.deepEqual(result, { grpcStatus: 0, healthy: true });
  });

  it("when every method of another service is called, then none is reached", async () => {
    assert.ok(process && catalog);
    const reaches = await callEveryMethod({ url: process.url }, ["switchyard.pricing.v1.PricingService"]);
    assert.ok(reaches.length > 0);
    assert.ok(
      reaches.every((reach) => !reach.reached && reach.grpcStatus === 12),
      JSON.stringify(reaches),
    );
  });
});
