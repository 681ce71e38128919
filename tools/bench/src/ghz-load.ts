import { join } from "node:path";
import { resolveToolBinary, runTool, workspaceRoot } from "@switchyard/launcher";
import type { UnaryCallStats } from "./measure-unary-calls.js";
import type { CpuPlan } from "./cpu-pinning.js";

/** Options for {@link runGhz}. */
export interface GhzLoadOptions {
  /** `host:port` of the server (h2c). */
  readonly target: string;
  /** The `.proto` file under `proto/` that declares the method, e.g. "switchyard/testing/v1/echo_service.proto". */
  readonly protoFile: string;
  /** `package.Service/Method`. */
  readonly call: string;
  /** The request as JSON (ghz's templates such as `{{newUUID}}` work in strings). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Workers sending at once. */
  readonly concurrency: number;
  /** HTTP/2 connections the workers share. Default 1. */
  readonly connections?: number;
  /** How long to send, ms. */
  readonly durationMs: number;
  /** Calls sent first and not measured (a separate, short ghz run). Default 0. */
  readonly warmupCalls?: number;
  /** Where ghz runs (its CPU when the plan pins processes). */
  readonly cpuPlan: CpuPlan;
}

/** What one ghz run measured: completed calls, calls/s and latency percentiles. */
export interface GhzStats extends UnaryCallStats {
  /** Calls that ended with a status other than OK, besides those cut off at the end of the run. */
  readonly failed: number;
}

interface GhzReport {
  readonly total: number;
  readonly statusCodeDistribution?: Readonly<Record<string, number>>;
  readonly errorDistribution?: Readonly<Record<string, number>>;
  readonly latencyDistribution?: readonly { readonly percentage: number; readonly latency: number }[] | null;
}

// At the end of a timed run ghz closes its connection under the calls still in flight.
const cutOffAtEnd = /closed network connection|client connection is closing|context canceled/i;

function percentileMs(report: GhzReport, percentage: number): number {
  const entry = report.latencyDistribution?.find((each) => each.percentage === percentage);
  return entry === undefined ? 0 : entry.latency / 1e6;
}

/** ghz's JSON report as {@link GhzStats}. Exported for the tests. */
export function ghzStats(report: GhzReport): GhzStats {
  const ok = report.statusCodeDistribution?.["OK"] ?? 0;
  const cutOff = Object.entries(report.errorDistribution ?? {})
    .filter(([message]) => cutOffAtEnd.test(message))
    .reduce((sum, [, count]) => sum + count, 0);
  const all = Object.values(report.statusCodeDistribution ?? {}).reduce((sum, count) => sum + count, 0);
  return {
    calls: ok,
    callsPerSecond: report.total > 0 ? ok / (report.total / 1e9) : 0,
    p50Ms: percentileMs(report, 50),
    p90Ms: percentileMs(report, 90),
    p99Ms: percentileMs(report, 99),
    failed: Math.max(0, all - ok - cutOff),
  };
}

async function ghz(options: GhzLoadOptions, budget: string[]): Promise<GhzReport> {
  const args = [
    "--insecure",
    "--proto",
    join(workspaceRoot, "proto", options.protoFile),
    "--import-paths",
    join(workspaceRoot, "proto"),
    "--call",
    options.call,
    "--data",
    JSON.stringify(options.data),
    "--concurrency",
    String(options.concurrency),
    "--connections",
    String(options.connections ?? 1),
    "--format",
    "json",
    ...budget,
    options.target,
  ];
  const cpu = options.cpuPlan.loadCpu;
  const result =
    cpu === undefined
      ? await runTool("ghz", args)
      : await runTool("taskset", ["-c", String(cpu), resolveToolBinary("ghz"), ...args]);
  // ghz exits 1 when any call failed; the JSON report still comes on stdout.
  if (!result.stdout.trimStart().startsWith("{")) {
    throw new Error(
      `ghz ${options.call} against ${options.target} failed:\n${result.stderr}${result.stdout}`,
    );
  }
  return JSON.parse(result.stdout) as GhzReport;
}

/**
 * Runs ghz (the toolchain's pinned load generator) against one h2c server: a short
 * unmeasured warm-up, then `durationMs` of calls with `concurrency` workers on
 * `connections` connections, ghz itself on the plan's load CPU. Rejects when ghz cannot
 * run or reports no JSON.
 */
export async function runGhz(options: GhzLoadOptions): Promise<GhzStats> {
  if ((options.warmupCalls ?? 0) > 0) await ghz(options, ["--total", String(options.warmupCalls)]);
  return ghzStats(await ghz(options, ["--duration", `${Math.max(1, Math.round(options.durationMs))}ms`]));
}

/**
 * One path's runs (rounds) as one: calls and failures add up, calls/s is all calls over the
 * runs' summed time, and each percentile is the runs' mean weighted by calls (ghz reports
 * percentiles, not samples, so this approximates the percentile of the union).
 */
export function mergeGhzStats(runs: readonly GhzStats[]): GhzStats {
  const calls = runs.reduce((sum, run) => sum + run.calls, 0);
  const seconds = runs.reduce(
    (sum, run) => sum + (run.callsPerSecond > 0 ? run.calls / run.callsPerSecond : 0),
    0,
  );
  const weighted = (pick: (run: GhzStats) => number): number =>
    calls > 0 ? runs.reduce((sum, run) => sum + pick(run) * run.calls, 0) / calls : 0;
  return {
    calls,
    callsPerSecond: seconds > 0 ? calls / seconds : 0,
    p50Ms: weighted((run) => run.p50Ms),
    p90Ms: weighted((run) => run.p90Ms),
    p99Ms: weighted((run) => run.p99Ms),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
  };
}
