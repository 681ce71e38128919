/** Options for {@link measureUnaryCalls}. */
export interface MeasureUnaryCallsOptions {
  /** Calls measured, after the warm-up. */
  readonly calls: number;
  /** Calls in flight at once. */
  readonly concurrency: number;
  /** Calls made first and not measured (connection set-up, JIT). Default 0. */
  readonly warmupCalls?: number;
  /** Upper bound of the measured phase; calls not started by then are skipped. Default 30 000 ms. */
  readonly timeLimitMs?: number;
  /** Stops starting calls once aborted; the measurement then rejects with the abort reason. */
  readonly signal?: AbortSignal;
}

/** What {@link measureUnaryCalls} observed. */
export interface UnaryCallStats {
  /** Calls completed in the measured phase. */
  readonly calls: number;
  /** Completed calls per second of wall time. */
  readonly callsPerSecond: number;
  /** Latency percentiles, milliseconds. */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
}

/** The value below which `fraction` of the sorted `values` lie (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

async function runCalls(
  call: () => Promise<unknown>,
  count: number,
  concurrency: number,
  deadline: number,
  latencies: number[] | undefined,
  signal: AbortSignal | undefined,
): Promise<number> {
  let started = 0;
  let completed = 0;
  const worker = async (): Promise<void> => {
    while (started < count && performance.now() < deadline) {
      signal?.throwIfAborted();
      started += 1;
      const begin = performance.now();
      await call();
      latencies?.push(performance.now() - begin);
      completed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return completed;
}

/** Raw observations of one measured phase, see {@link sampleUnaryCalls}. */
export interface CallSamples {
  /** Latency of each completed call, milliseconds, in completion order. */
  readonly latenciesMs: readonly number[];
  /** Wall time of the phase, milliseconds. */
  readonly elapsedMs: number;
}

/**
 * Makes `calls` calls of `call` with `concurrency` in flight, stopping early at
 * `timeLimitMs` (default 30 000), and returns every latency. A failing call rejects.
 */
export async function sampleUnaryCalls(
  call: () => Promise<unknown>,
  options: Omit<MeasureUnaryCallsOptions, "warmupCalls">,
): Promise<CallSamples> {
  const latenciesMs: number[] = [];
  const begin = performance.now();
  await runCalls(
    call,
    options.calls,
    options.concurrency,
    begin + (options.timeLimitMs ?? 30_000),
    latenciesMs,
    options.signal,
  );
  return { latenciesMs, elapsedMs: performance.now() - begin };
}

/**
 * Throughput and latency percentiles of one or more measured phases of the same path
 * (calls/s = all completed calls over the phases' summed wall time).
 */
export function summarizeSamples(phases: readonly CallSamples[]): UnaryCallStats {
  const latencies = phases.flatMap((phase) => phase.latenciesMs).sort((a, b) => a - b);
  const elapsedMs = phases.reduce((sum, phase) => sum + phase.elapsedMs, 0);
  return {
    calls: latencies.length,
    callsPerSecond: elapsedMs > 0 ? (latencies.length * 1000) / elapsedMs : 0,
    p50Ms: percentile(latencies, 0.5),
    p90Ms: percentile(latencies, 0.9),
    p99Ms: percentile(latencies, 0.99),
  };
}

/**
 * Makes `calls` calls of `call` with `concurrency` in flight (after `warmupCalls` unmeasured
 * ones) and reports throughput and latency percentiles. A failing call rejects the whole run.
 */
export async function measureUnaryCalls(
  call: () => Promise<unknown>,
  options: MeasureUnaryCallsOptions,
): Promise<UnaryCallStats> {
  const timeLimitMs = options.timeLimitMs ?? 30_000;
  await runCalls(
    call,
    options.warmupCalls ?? 0,
    options.concurrency,
    performance.now() + timeLimitMs,
    undefined,
    options.signal,
  );
  return summarizeSamples([await sampleUnaryCalls(call, { ...options, timeLimitMs })]);
}
