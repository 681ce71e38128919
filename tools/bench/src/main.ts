import { parseArgs } from "node:util";
import { formatReport } from "./format-report.js";
import { runBenchmarks } from "./run-benchmarks.js";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
    warmup: { type: "string", default: "300" },
    "order-calls": { type: "string", default: "1000" },
    "startup-runs": { type: "string", default: "3" },
  },
});

function positiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number, got ${text}`);
  return value;
}

// Ctrl-C or SIGTERM stops the run at the next measurement and still stops everything it started.
const interrupted = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted.abort(new Error(`${signal} received`));
  });
}

try {
  const began = performance.now();
  const report = await runBenchmarks({
    signal: interrupted.signal,
    durationMs: positiveNumber("duration", values.duration) * 1000,
    concurrency: Math.round(positiveNumber("concurrency", values.concurrency)),
    warmupCalls: Math.round(positiveNumber("warmup", values.warmup)),
    orderCalls: Math.round(positiveNumber("order-calls", values["order-calls"])),
    startupRuns: Math.round(positiveNumber("startup-runs", values["startup-runs"])),
    progress: (line) => process.stderr.write(`[bench] ${line}\n`),
  });
  process.stderr.write(`[bench] done in ${((performance.now() - began) / 1000).toFixed(0)} s\n`);
  process.stdout.write(`${formatReport(report)}\n`);
} catch (error) {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
