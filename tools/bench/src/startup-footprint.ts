import { readFile } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";
import type { ServiceProcess } from "@switchyard/launcher";

/** Start-up time and idle memory of one kind of server process. */
export interface StartupFootprint {
  /** Milliseconds from spawning the process to its "serving" line (median of the runs). */
  readonly startMs: number;
  /** Resident set size once it has served nothing for a moment, MB (median of the runs). */
  readonly idleRssMb: number;
  /** How many processes were started to measure it. */
  readonly runs: number;
}

/** Options for {@link measureStartupFootprint}. */
export interface StartupFootprintOptions {
  /** Processes started one after another. Default 3. */
  readonly runs?: number;
  /** How long each process idles after "serving" before its RSS is read. Default 1000 ms. */
  readonly idleMs?: number;
  /** Stops between runs once aborted. */
  readonly signal?: AbortSignal;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** VmRSS of `pid` in MB, from /proc (Linux); 0 where there is no /proc. */
export async function residentSetMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kilobytes === undefined ? 0 : Number(kilobytes) / 1024;
}

/**
 * Starts a server `runs` times, one process at a time (each stopped before the next), and
 * reports the medians of start-to-serving time (spawn to the "serving" line, which the
 * runtime writes once health reports SERVING) and of idle RSS.
 */
export async function measureStartupFootprint(
  start: () => Promise<ServiceProcess>,
  options: StartupFootprintOptions = {},
): Promise<StartupFootprint> {
  const runs = Math.max(1, options.runs ?? 3);
  const startMs: number[] = [];
  const rssMb: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    options.signal?.throwIfAborted();
    const begin = performance.now();
    const server = await start();
    try {
      startMs.push(performance.now() - begin);
      await delay(options.idleMs ?? 1000);
      rssMb.push(await residentSetMb(server.pid));
    } finally {
      await server.stop();
    }
  }
  return { startMs: median(startMs), idleRssMb: median(rssMb), runs };
}
