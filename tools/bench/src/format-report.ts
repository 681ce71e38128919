import type { BenchmarkReport } from "./run-benchmarks.js";

/**
 * The report as a plain-text table: comparison, path, calls, calls/s, p50, p90, p99 (ms)
 * and the ratio (baseline calls/s divided by the path's; 1.00 for the baseline).
 */
export function formatReport(report: BenchmarkReport): string {
  const header = ["comparison", "path", "calls", "calls/s", "p50 ms", "p90 ms", "p99 ms", "ratio"];
  const body = report.rows.map((row) => [
    row.comparison,
    row.path,
    String(row.calls),
    row.callsPerSecond.toFixed(0),
    row.p50Ms.toFixed(2),
    row.p90Ms.toFixed(2),
    row.p99Ms.toFixed(2),
    `${row.ratio.toFixed(2)}x`,
  ]);
  const table = [header, ...body];
  const widths = header.map((_, column) => Math.max(...table.map((cells) => (cells[column] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ");
  return [
    `unary GetProduct, ${report.calls} calls (PlaceOrder: ${report.orderCalls}) after ${report.warmupCalls} warm-up, ` +
      `${report.concurrency} in flight on one HTTP/2 connection, paths taking turns in ${report.rounds} rounds;\n` +
      `ratio = baseline calls/s / path calls/s`,
    line(header),
    line(widths.map((width) => "-".repeat(width))),
    ...body.map(line),
  ].join("\n");
}
