// `npm run lb-lab`: L4 vs L7 gRPC load balancing, measured. One client, one HTTP/2
// connection, CALLS concurrent calls (default 1000) over REPLICAS replicas (default 3)
// through Envoy L4 (tcp_proxy), Envoy L7 and grpc-js round_robin; then rebalancing when
// replicas are added under load. Usage: npm run lb-lab [-- --calls 1000 --replicas 3]
import { parseArgs } from "node:util";
import {
  imbalance,
  labPathNames,
  measureDistribution,
  measureRebalancing,
  type RebalancingOptions,
} from "./lb-lab.js";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "1000" },
    replicas: { type: "string", default: "3" },
    "skip-rebalancing": { type: "boolean", default: false },
  },
});
const calls = Number(values.calls);
const replicas = Number(values.replicas);
if (!Number.isInteger(calls) || calls < 1 || calls > 10_000) throw new Error("--calls must be 1 to 10000");
if (!Number.isInteger(replicas) || replicas < 2 || replicas > 9) throw new Error("--replicas must be 2 to 9");

const write = (line = ""): void => {
  process.stdout.write(`${line}\n`);
};
const table = (header: string[], rows: string[][]): void => {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  write(line(header));
  write(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of rows) write(line(row));
};

write(`Distribution: one client, one HTTP/2 connection, ${calls} concurrent calls, ${replicas} replicas`);
write();
const distributions = await measureDistribution({ calls, replicas });
const ids = [...(distributions[0]?.counts.keys() ?? [])];
table(
  ["path", ...ids, "failed", "max/min", "wall time"],
  distributions.map((distribution) => [
    labPathNames[distribution.path],
    ...ids.map((id) => {
      const count = distribution.counts.get(id) ?? 0;
      return `${count} (${Math.round((100 * count) / calls)} %)`;
    }),
    String(distribution.failed),
    Number.isFinite(imbalance(distribution)) ? imbalance(distribution).toFixed(2) : "∞",
    `${Math.round(distribution.durationMs)} ms`,
  ]),
);

if (!values["skip-rebalancing"]) {
  write();
  write("Rebalancing: 1 replica, then 2 more added while the client connections are busy");
  write("(fair share: every replica answers at least half of 1/3 of the calls in a 500 ms window)");
  write();
  const scenarios: (RebalancingOptions & { label: string; ageLabel: string })[] = [
    {
      label: "Envoy L4, 4 connections",
      ageLabel: "none",
      path: "envoy-l4",
      connections: 4,
      maxConnectionAgeMs: 0,
    },
    {
      label: "Envoy L4, 4 connections",
      ageLabel: "2 s",
      path: "envoy-l4",
      connections: 4,
      maxConnectionAgeMs: 2000,
    },
    {
      label: "Envoy L7, 1 connection",
      ageLabel: "none",
      path: "envoy-l7",
      connections: 1,
      maxConnectionAgeMs: 0,
    },
  ];
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const result = await measureRebalancing({ ...scenario, maxWaitMs: 10_000 });
    rows.push([
      scenario.label,
      scenario.ageLabel,
      result.fairAfterMs === undefined ? "not within 10 s" : `${(result.fairAfterMs / 1000).toFixed(1)} s`,
      [...result.lastWindowShares.values()].map((share) => `${Math.round(share * 100)} %`).join(" / "),
      `${result.failed} of ${result.calls + result.failed}`,
    ]);
  }
  table(["path", "max connection age", "fair share after", "last window shares", "failed calls"], rows);
}
