import type { BenchmarkReport } from "./run-benchmarks.js";

function table(
  header: readonly string[],
  body: readonly (readonly string[])[],
  leftColumns: number,
): string[] {
  const all = [header, ...body];
  const widths = header.map((_, column) => Math.max(...all.map((cells) => (cells[column] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column < leftColumns || column >= header.length - 2
          ? cell.padEnd(widths[column] ?? 0)
          : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line)];
}

/**
 * The report as plain text: the start-up table (start-to-serving and idle RSS against each
 * stack's bare server), then every throughput comparison with its ratio, what the ratio is
 * relative to (on the comparison's first row) and details such as calls per replica.
 */
export function formatReport(report: BenchmarkReport): string {
  const { settings } = report;
  const startup = table(
    ["server", "start ms", "idle RSS MB", "start ÷ bare", "RSS − bare", ""],
    report.startup.map((row) => [
      row.server,
      row.startMs.toFixed(0),
      row.idleRssMb.toFixed(0),
      `${row.startRatio.toFixed(2)}x`,
      `${row.rssOverBareMb >= 0 ? "+" : ""}${row.rssOverBareMb.toFixed(0)} MB`,
      "",
    ]),
    1,
  );
  let previous = "";
  const throughput = table(
    [
      "comparison",
      "path",
      "calls",
      "calls/s",
      "p50 ms",
      "p90 ms",
      "p99 ms",
      "failed",
      "ratio",
      "ratio is",
      "detail",
    ],
    report.rows.map((row) => {
      const first = row.comparison !== previous;
      previous = row.comparison;
      return [
        first ? row.comparison : "",
        row.path,
        String(row.calls),
        row.callsPerSecond.toFixed(0),
        row.p50Ms.toFixed(2),
        row.p90Ms.toFixed(2),
        row.p99Ms.toFixed(2),
        String(row.failed),
        `${row.ratio.toFixed(2)}x`,
        first ? row.ratioOf : "",
        row.detail ?? "",
      ];
    }),
    2,
  );
  return [
    `start-up: median of ${settings.startupRuns} processes each, spawn to the "serving" line, RSS after 1 s idle ` +
      "(goals: start ≤ 1.3× bare, idle RSS ≤ bare + 20 MB)",
    ...startup,
    "",
    `throughput: ghz, ${settings.concurrency} workers on one HTTP/2 connection, ${settings.durationMs / 1000} s per path ` +
      `in two halves (A B … B A) after ${settings.warmupCalls} warm-up calls; ${report.cpu}. ` +
      `PlaceOrder: ${settings.orderCalls} calls per path ` +
      `from a connect-node client in ${settings.rounds} rounds. Spread: in-process replicas behind Envoy.`,
    ...throughput,
  ].join("\n");
}
