import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadCatalogConfig } from "./catalog-config.js";

describe("catalog configuration", () => {
  it("when nothing is set, then heartbeats come every 20 s and the stock simulation is off", () => {
    assert.deepEqual(loadCatalogConfig({}), { heartbeatIntervalMs: 20_000, stockSimulationMs: 0 });
  });

  it("when the variables are set, then they are used", () => {
    assert.deepEqual(loadCatalogConfig({ STREAM_HEARTBEAT_MS: "5000", STOCK_SIMULATION_MS: "250" }), {
      heartbeatIntervalMs: 5000,
      stockSimulationMs: 250,
    });
  });

  it("when a variable is invalid, then the error names it", () => {
    assert.throws(() => loadCatalogConfig({ STREAM_HEARTBEAT_MS: "0" }), /STREAM_HEARTBEAT_MS/);
    assert.throws(() => loadCatalogConfig({ STREAM_HEARTBEAT_MS: "20s" }), /STREAM_HEARTBEAT_MS/);
    assert.throws(() => loadCatalogConfig({ STOCK_SIMULATION_MS: "-1" }), /STOCK_SIMULATION_MS/);
  });
});
