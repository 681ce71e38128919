import {
  startServiceProcess,
  type ReplicaEntry,
  type ServiceProcess,
  type ServiceProcessOptions,
} from "@switchyard/launcher";

/** The server stacks the benchmark compares. */
export type BenchStack = "connect-node" | "grpc-js";

/** Options for {@link startEchoServerProcess}. */
export interface EchoServerProcessOptions {
  readonly stack: BenchStack;
  /** On the service runtime, or the stack alone with the same handlers. */
  readonly server: "runtime" | "bare";
  /** Extra environment, e.g. `LOG_LEVEL` or the `OTEL_*` variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** What says it is ready (the launcher's `readyWhen`): a health check where `LOG_LEVEL` hides "serving". */
  readonly readyWhen?: ServiceProcessOptions["readyWhen"];
  /** The server's bundle, as production runs a service. Default: `src/echo-server-main.ts` under tsx. */
  readonly bundle?: ReplicaEntry;
}

/**
 * Starts `src/echo-server-main.ts`, or its bundle (EchoService on `stack`, on the runtime or bare) as a child
 * process through the launcher, ready once it logs "serving". Its per-call log lines are
 * drained unread.
 */
export function startEchoServerProcess(options: EchoServerProcessOptions): Promise<ServiceProcess> {
  return startServiceProcess({
    service: "bench-echo",
    instanceId: `bench-${options.stack}-${options.server}`,
    entry: "tools/bench/src/echo-server-main.ts",
    ...options.bundle,
    env: {
      BENCH_STACK: options.stack,
      BENCH_SERVER: options.server,
      // Drain at once: nothing balances these servers.
      DRAIN_DELAY_MS: "0",
      DRAIN_GRACE_MS: "1000",
      ...options.env,
    },
    retainLogLines: false,
    ...(options.readyWhen === undefined ? {} : { readyWhen: options.readyWhen }),
  });
}
