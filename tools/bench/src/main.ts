import { parseArgs } from "node:util";
import { formatReport } from "./format-report.js";
import { runBenchmarks } from "./run-benchmarks.js";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "6000" },
    "order-calls": { type: "string", default: "1000" },
    warmup: { type: "string", default: "300" },
    concurrency: { type: "string", default: "16" },
    rounds: { type: "string", default: "6" },
  },
});

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer, got ${text}`);
  return value;
}

// Ctrl-C or SIGTERM stops the run at the next call and still stops everything it started.
const interrupted = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted.abort(new Error(`${signal} received`));
  });
}

try {
  process.stderr.write(
    "starting two catalog processes, Envoy, a trace collector, PostgreSQL and two order platforms; measuring...\n",
  );
  const report = await runBenchmarks({
    signal: interrupted.signal,
    calls: positiveInteger("calls", values.calls),
    orderCalls: positiveInteger("order-calls", values["order-calls"]),
    warmupCalls: positiveInteger("warmup", values.warmup),
    concurrency: positiveInteger("concurrency", values.concurrency),
    rounds: positiveInteger("rounds", values.rounds),
  });
  process.stdout.write(`${formatReport(report)}\n`);
} catch (error) {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
