import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatReport } from "./format-report.js";
import { startCatalogProcess } from "./catalog-process.js";
import { percentile, summarizeSamples } from "./measure-unary-calls.js";
import { runBenchmarks } from "./run-benchmarks.js";

describe("bench", () => {
  it("when every comparison runs with tiny counts, then the report has every path with positive numbers", async () => {
    const report = await runBenchmarks({
      calls: 50,
      orderCalls: 20,
      warmupCalls: 5,
      concurrency: 4,
      rounds: 3,
    });
    assert.deepEqual(
      report.rows.map((row) => `${row.comparison}: ${row.path}`),
      [
        "proxy overhead: direct",
        "proxy overhead: through Envoy",
        "telemetry overhead: telemetry off (= direct)",
        "telemetry overhead: telemetry on (OTLP)",
        "PlaceOrder, state: in memory",
        "PlaceOrder, state: PostgreSQL",
      ],
    );
    for (const row of report.rows) {
      const expected = row.comparison.startsWith("PlaceOrder") ? 20 : 50;
      assert.equal(row.calls, expected, `${row.path} completed every call`);
      for (const [name, value] of Object.entries({
        callsPerSecond: row.callsPerSecond,
        p50Ms: row.p50Ms,
        p99Ms: row.p99Ms,
        ratio: row.ratio,
      })) {
        assert.ok(Number.isFinite(value) && value > 0, `${row.path} ${name} is positive, got ${value}`);
      }
      assert.ok(row.p50Ms <= row.p90Ms && row.p90Ms <= row.p99Ms, `${row.path} percentiles are ordered`);
    }
    const table = formatReport(report);
    assert.match(table, /through Envoy/);
    assert.match(table, /telemetry on \(OTLP\)/);
    assert.match(table, /PostgreSQL/);
  });

  it("when percentiles of 1..100 are asked, then the nearest-rank values come back", () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    assert.deepEqual(
      [percentile(values, 0.5), percentile(values, 0.9), percentile(values, 0.99), percentile([], 0.5)],
      [50, 90, 99, 0],
    );
  });

  it("when phases of one path are summarized, then calls add up and calls/s uses their summed time", () => {
    const stats = summarizeSamples([
      { latenciesMs: [3, 1], elapsedMs: 1000 },
      { latenciesMs: [2, 4], elapsedMs: 1000 },
    ]);
    assert.deepEqual(stats, { calls: 4, callsPerSecond: 2, p50Ms: 2, p90Ms: 4, p99Ms: 4 });
  });

  it("when the catalog cannot start, then startCatalogProcess rejects with its output", async () => {
    await assert.rejects(
      startCatalogProcess({ env: { PORT: "not-a-port" } }),
      /catalog exited .* before serving/,
    );
  });

  it("when the run is aborted, then it rejects with the abort reason after stopping what it started", async () => {
    const reason = new Error("stop the bench");
    await assert.rejects(
      runBenchmarks({ calls: 50, warmupCalls: 5, concurrency: 4, signal: AbortSignal.abort(reason) }),
      (error: unknown) => error === reason,
    );
  });
});
