import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ServingStatus } from "@switchyard/grpc-health";
import { createPricingClient } from "./pricing-client.js";
import { startFakePricing, type FakeDependency } from "./testing/fake-dependencies.js";

describe("the pricing client's reachability", () => {
  const replicas: FakeDependency[] = [];

  before(async () => {
    replicas.push(await startFakePricing(), await startFakePricing());
  });

  after(async () => {
    await Promise.all(replicas.map((replica) => replica.server.forceClose()));
  });

  const target = () => `ipv4:${replicas.map((replica) => `127.0.0.1:${replica.server.port}`).join(",")}`;

  it("when one replica reports NOT_SERVING (draining) and the other SERVING, then pricing is reachable", async () => {
    const [draining] = replicas;
    assert.ok(draining);
    draining.server.health.setStatus("", ServingStatus.NOT_SERVING);
    const client = createPricingClient(target());
    try {
      // round_robin alternates: whichever replica the first check meets, some check meets the serving one.
      for (let probe = 0; probe < 6; probe++)
        assert.equal(await client.isReachable(2000), true, `probe ${probe}`);
    } finally {
      client.close();
      draining.server.health.setStatus("", ServingStatus.SERVING);
    }
  });

  it("when every replica reports NOT_SERVING, then pricing is unreachable", async () => {
    for (const replica of replicas) replica.server.health.setStatus("", ServingStatus.NOT_SERVING);
    const client = createPricingClient(target());
    try {
      assert.equal(await client.isReachable(2000), false);
    } finally {
      client.close();
      for (const replica of replicas) replica.server.health.setStatus("", ServingStatus.SERVING);
    }
  });
});
