import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { imbalance, measureDistribution, type Distribution } from "./lb-lab.js";

describe("lb-lab: one client connection, 300 concurrent calls, 3 replicas", () => {
  let distributions: Distribution[] = [];
  const path = (name: Distribution["path"]): Distribution => {
    const found = distributions.find((distribution) => distribution.path === name);
    assert.ok(found, `${name} was measured`);
    return found;
  };

  it("when the calls are measured on every path, then none fails", async () => {
    distributions = await measureDistribution({ calls: 300, replicas: 3, callDelayMs: 10 });
    for (const distribution of distributions) {
      assert.equal(distribution.failed, 0, distribution.path);
      assert.equal(
        [...distribution.counts.values()].reduce((sum, count) => sum + count, 0),
        300,
      );
    }
  });

  it("when Envoy balances at L7, then every replica gets an even share (max/min <= 1.2)", () => {
    const l7 = path("envoy-l7");
    assert.ok(imbalance(l7) <= 1.2, `L7 counts: ${JSON.stringify([...l7.counts])}`);
  });

  it("when Envoy only forwards TCP (L4), then every call lands on one replica", () => {
    const l4 = path("envoy-l4");
    const busy = [...l4.counts].filter(([, count]) => count > 0);
    assert.equal(busy.length, 1, `L4 counts: ${JSON.stringify([...l4.counts])}`);
  });

  it("when grpc-js balances with round_robin, then every replica gets an even share (max/min <= 1.2)", () => {
    const roundRobin = path("client-round-robin");
    assert.ok(imbalance(roundRobin) <= 1.2, `round_robin counts: ${JSON.stringify([...roundRobin.counts])}`);
  });
});
