import { availableParallelism } from "node:os";
import { findToolBinary, runTool } from "@switchyard/launcher";

/** Which CPU the measured servers and the load (ghz, Envoy) run on; undefined = not pinned. */
export interface CpuPlan {
  /** The CPU every measured server process is pinned to. */
  readonly serverCpu: number | undefined;
  /** The CPU ghz and Envoy are pinned to. */
  readonly loadCpu: number | undefined;
  /** For the report, e.g. "servers on CPU 1, ghz and Envoy on CPU 0 (taskset)". */
  readonly description: string;
}

/**
 * Pins servers to CPU 1 and the load (ghz, Envoy) to CPU 0 when `taskset` is on PATH and
 * there are two CPUs or more, so each compared server gets one whole core, the same in every
 * case, and the load never steals it. Elsewhere nothing is pinned and the report says so.
 */
export function planCpus(): CpuPlan {
  if (availableParallelism() < 2 || findToolBinary("taskset") === undefined) {
    return { serverCpu: undefined, loadCpu: undefined, description: "not pinned (no taskset or one CPU)" };
  }
  return { serverCpu: 1, loadCpu: 0, description: "servers on CPU 1, ghz and Envoy on CPU 0 (taskset)" };
}

/** Pins every thread of process `pid` to `cpu` (`taskset -a -p`); a no-op for an undefined CPU. */
export async function pinProcess(pid: number, cpu: number | undefined): Promise<void> {
  if (cpu === undefined) return;
  const result = await runTool("taskset", ["-a", "-p", "-c", String(cpu), String(pid)]);
  if (result.exitCode !== 0) throw new Error(`taskset could not pin ${pid} to CPU ${cpu}: ${result.stderr}`);
}
