import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatReport } from "./format-report.js";
import { startCatalogProcess } from "./catalog-process.js";
import { ghzStats, mergeGhzStats } from "./ghz-load.js";
import { percentile, summarizeSamples } from "./measure-unary-calls.js";
import { runBenchmarks } from "./run-benchmarks.js";

describe("bench", () => {
  it("when every comparison runs with tiny counts, then the report has every row with positive numbers", async () => {
    const report = await runBenchmarks({
      durationMs: 300,
      concurrency: 2,
      warmupCalls: 5,
      orderCalls: 12,
      rounds: 2,
      spreadCalls: 30,
      spreadReplicas: 3,
      unevenConcurrency: 3,
      startupRuns: 1,
    });
    assert.deepEqual(
      report.startup.map((row) => row.server),
      [
        "connect-node bare",
        "connect-node runtime, telemetry off",
        "connect-node runtime, telemetry on",
        "catalog (connect-node), telemetry off",
        "grpc-js bare",
        "grpc-js runtime, telemetry off",
        "grpc-js runtime, telemetry on",
      ],
    );
    for (const row of report.startup) {
      assert.ok(row.startMs > 0 && row.idleRssMb > 0, `${row.server}: ${JSON.stringify(row)}`);
    }
    assert.deepEqual(
      report.rows.map((row) => `${row.comparison}: ${row.path}`),
      [
        "connect-node unary: bare",
        "connect-node unary: runtime",
        "connect-node unary: runtime, LOG_LEVEL=warn",
        "connect-node stream ×10: bare",
        "connect-node stream ×10: runtime",
        "connect-node stream ×10: runtime, LOG_LEVEL=warn",
        "grpc-js unary: bare",
        "grpc-js unary: runtime",
        "grpc-js unary: runtime, LOG_LEVEL=warn",
        "grpc-js stream ×10: bare",
        "grpc-js stream ×10: runtime",
        "grpc-js stream ×10: runtime, LOG_LEVEL=warn",
        "Envoy vs direct: direct",
        "Envoy vs direct: through Envoy",
        "per-call info log line: without (LOG_LEVEL=warn)",
        "per-call info log line: with (default, = direct)",
        "telemetry: off (= direct)",
        "telemetry: on (OTLP/gRPC, every span)",
        "PlaceOrder end to end: state in memory",
        "PlaceOrder end to end: state in PostgreSQL",
        "L7 spread, 30 at once on 1 connection: round robin, 3 replicas",
        "2 of 3 replicas 10× slower: round robin",
        "2 of 3 replicas 10× slower: least_request",
      ],
    );
    for (const row of report.rows) {
      assert.equal(row.failed, 0, `${row.comparison}: ${row.path} had no failed call`);
      for (const [name, value] of Object.entries({
        calls: row.calls,
        callsPerSecond: row.callsPerSecond,
        p50Ms: row.p50Ms,
        p99Ms: row.p99Ms,
        ratio: row.ratio,
      })) {
        assert.ok(Number.isFinite(value) && value > 0, `${row.comparison}: ${row.path} ${name} is ${value}`);
      }
      assert.ok(row.p50Ms <= row.p90Ms && row.p90Ms <= row.p99Ms, `${row.path} percentiles are ordered`);
    }
    const table = formatReport(report);
    for (const text of ["start ÷ bare", "through Envoy", "least_request", "max/min calls per replica"]) {
      assert.ok(table.includes(text), `the table shows ${text}`);
    }
  });

  it("when ghz reports calls cut off at the end of a timed run, then they are not counted as failed", () => {
    const stats = ghzStats({
      total: 2e9,
      statusCodeDistribution: { OK: 1000, Unavailable: 6 },
      errorDistribution: {
        "rpc error: code = Unavailable desc = error reading from server: use of closed network connection": 4,
        "rpc error: code = Unavailable desc = connection refused": 2,
      },
      latencyDistribution: [
        { percentage: 50, latency: 2e6 },
        { percentage: 90, latency: 5e6 },
        { percentage: 99, latency: 9e6 },
      ],
    });
    assert.deepEqual(stats, { calls: 1000, callsPerSecond: 500, p50Ms: 2, p90Ms: 5, p99Ms: 9, failed: 2 });
  });

  it("when a path's two half-runs are merged, then calls add up over their summed time", () => {
    const merged = mergeGhzStats([
      { calls: 100, callsPerSecond: 100, p50Ms: 1, p90Ms: 2, p99Ms: 4, failed: 0 },
      { calls: 300, callsPerSecond: 100, p50Ms: 3, p90Ms: 6, p99Ms: 8, failed: 1 },
    ]);
    assert.deepEqual(merged, { calls: 400, callsPerSecond: 100, p50Ms: 2.5, p90Ms: 5, p99Ms: 7, failed: 1 });
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
      runBenchmarks({ durationMs: 300, warmupCalls: 5, startupRuns: 1, signal: AbortSignal.abort(reason) }),
      (error: unknown) => error === reason,
    );
  });
});
