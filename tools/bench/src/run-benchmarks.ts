import { randomUUID } from "node:crypto";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { frontProxyListenerName, renderFrontProxyConfig } from "@switchyard/envoy-config";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { startOtlpTraceCollector, startTestDatabase, type TestDatabase } from "@switchyard/testing";
import {
  bundleAppsForLocalRun,
  bundleScriptForLocalRun,
  type LocalAppBundles,
} from "@switchyard/deploy-image";
import { launchPlatform, startEnvoy, type EnvoyProcess, type LaunchedPlatform } from "@switchyard/launcher";
import { databaseUrlVariable, findPlatformService, platformServices } from "@switchyard/topology";
import type { ServiceProcess } from "@switchyard/launcher";
import { startCatalogProcess, type CatalogProcessOptions } from "./catalog-process.js";
import { pinProcess, planCpus } from "./cpu-pinning.js";
import {
  startEchoServerProcess,
  type BenchStack,
  type EchoServerProcessOptions,
} from "./echo-server-process.js";
import { mergeGhzStats, runGhz, type GhzLoadOptions, type GhzStats } from "./ghz-load.js";
import { startSpreadLab, type SpreadResult } from "./l7-spread.js";
import {
  measureUnaryCalls,
  sampleUnaryCalls,
  summarizeSamples,
  type CallSamples,
  type UnaryCallStats,
} from "./measure-unary-calls.js";
import { measureStartupFootprint, type StartupFootprint } from "./startup-footprint.js";

/** Options for {@link runBenchmarks}. */
export interface BenchmarkOptions {
  /** How long ghz loads each server path, ms. Default 5000. */
  readonly durationMs?: number;
  /** ghz workers, all on one HTTP/2 connection. Default 16. */
  readonly concurrency?: number;
  /** Unmeasured calls before each measured path. Default 300. */
  readonly warmupCalls?: number;
  /** Messages per server-stream call. Default 10. */
  readonly streamMessages?: number;
  /**
   * Measured PlaceOrder calls per path. Default 1000: each call takes one unit of a product
   * stocked 5000 times, so warm-up and measurement must stay below that.
   */
  readonly orderCalls?: number;
  /** PlaceOrder's paths take turns in this many rounds (drift hits both alike). Default 4. */
  readonly rounds?: number;
  /** Calls at once on one connection through Envoy over the spread replicas. Default 1000. */
  readonly spreadCalls?: number;
  /** Replicas behind Envoy in the spread comparisons. Default 10. */
  readonly spreadReplicas?: number;
  /** Callers in the uneven-latency comparison. Default 50. */
  readonly unevenConcurrency?: number;
  /** Processes started per kind in the start-up comparison. Default 3. */
  readonly startupRuns?: number;
  /**
   * Aborting stops the run at the next call or measurement, stops everything started, and
   * makes {@link runBenchmarks} reject with the abort reason.
   */
  readonly signal?: AbortSignal;
  /** Called with a line of progress for humans. */
  readonly progress?: (line: string) => void;
}

/** One measured path of a comparison. */
export interface BenchmarkRow extends UnaryCallStats {
  /** The comparison, e.g. "Envoy vs direct". */
  readonly comparison: string;
  /** The path, e.g. "direct" or "through Envoy". */
  readonly path: string;
  /**
   * This path's calls/s divided by the baseline's (1 for the baseline), or for a spread
   * row the most calls on one replica divided by the fewest.
   */
  readonly ratio: number;
  /** What {@link ratio} is, with the goal, e.g. "of bare calls/s (goal ≥ 0.90)". */
  readonly ratioOf: string;
  /** Calls that failed (not counted in the numbers). */
  readonly failed: number;
  /** More to read, e.g. calls per replica. */
  readonly detail?: string;
}

/** Start-up time and idle RSS of one server, against the bare server of its stack. */
export interface StartupRow extends StartupFootprint {
  /** e.g. "connect-node bare" or "catalog (tsx), telemetry off". */
  readonly server: string;
  /** startMs / the bare server's (goal ≤ 1.3). */
  readonly startRatio: number;
  /** idleRssMb minus the bare server's (goal ≤ 20). */
  readonly rssOverBareMb: number;
}

/** What one run measured. */
export interface BenchmarkReport {
  readonly startup: readonly StartupRow[];
  readonly rows: readonly BenchmarkRow[];
  /** Where the processes ran, e.g. "servers on CPU 1, ghz and Envoy on CPU 0 (taskset)". */
  readonly cpu: string;
  readonly settings: Required<Omit<BenchmarkOptions, "signal" | "progress">>;
}

const productId = "sku-espresso-250g";
// The runtime's drain delay (10 s by default) is for load balancers; nothing balances here.
const quickDrain = { DRAIN_DELAY_MS: "0", DRAIN_GRACE_MS: "1000" };
const echoProto = "switchyard/testing/v1/echo_service.proto";

function withDefaults(options: BenchmarkOptions): BenchmarkReport["settings"] {
  return {
    durationMs: options.durationMs ?? 5000,
    concurrency: options.concurrency ?? 16,
    warmupCalls: options.warmupCalls ?? 300,
    streamMessages: options.streamMessages ?? 10,
    orderCalls: options.orderCalls ?? 1000,
    rounds: Math.max(1, options.rounds ?? 4),
    spreadCalls: options.spreadCalls ?? 1000,
    spreadReplicas: options.spreadReplicas ?? 10,
    unevenConcurrency: options.unevenConcurrency ?? 50,
    startupRuns: options.startupRuns ?? 3,
  };
}

/** A baseline row and the rows measured against it (ratio = calls/s over the baseline's). */
function compare(
  comparison: string,
  ratioOf: string,
  baseline: [string, GhzStats | (UnaryCallStats & { failed: number })],
  ...others: [string, GhzStats | (UnaryCallStats & { failed: number })][]
): BenchmarkRow[] {
  const [basePath, base] = baseline;
  return [
    { comparison, path: basePath, ...base, ratio: 1, ratioOf },
    ...others.map(([path, stats]) => ({
      comparison,
      path,
      ...stats,
      ratio: base.callsPerSecond > 0 ? stats.callsPerSecond / base.callsPerSecond : 0,
      ratioOf,
    })),
  ];
}

function spreadDetail(result: SpreadResult): string {
  return `per replica ${[...result.perReplica.values()].join("/")}`;
}

/**
 * Every comparison of the benchmark in one run, printed side by side:
 *
 * 1. start-up: spawn-to-serving time and idle RSS of each stack's bare server, the same
 *    handlers on the runtime with telemetry off and on, and catalog;
 * 2. runtime vs bare stack, unary and server stream, connect-node and grpc-js (ghz);
 * 3. catalog GetProduct: direct vs through Envoy, without vs with the per-call info log
 *    line, telemetry off vs on (ghz);
 * 4. checkout PlaceOrder end to end (catalog's ReserveStock, pricing's Quote, the order's
 *    write), state in memory vs in PostgreSQL, with latency percentiles;
 * 5. L7 spread: 1,000 calls at once on one connection through Envoy over 10 replicas, and
 *    least_request vs round robin when two of the ten are ten times slower.
 *
 * Servers run on their own CPU and ghz and Envoy on the other where taskset allows
 * ({@link planCpus}). Everything started is stopped, also on failure or abort.
 *
 * Long by design: the benchmark's ordered phases with one cleanup path, read top to bottom.
 */
export async function runBenchmarks(options: BenchmarkOptions = {}): Promise<BenchmarkReport> {
  const settings = withDefaults(options);
  const signal = options.signal;
  const say = options.progress ?? (() => undefined);
  const cpuPlan = planCpus();
  const collector = await startOtlpTraceCollector();
  const telemetryOn = {
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    OTEL_TRACES_EXPORTER: "otlp",
    // The local collector receives traces only.
    OTEL_METRICS_EXPORTER: "none",
    OTEL_LOGS_EXPORTER: "none",
  };
  const started: (ServiceProcess | EnvoyProcess)[] = [];
  let database: TestDatabase | undefined;
  let orderPlatforms: LaunchedPlatform[] = [];
  const stopStarted = async (): Promise<void> => {
    await Promise.all(started.splice(0).map((each) => each.stop()));
  };
  const rows: BenchmarkRow[] = [];
  const startup: StartupRow[] = [];
  // Every server runs bundled, as production runs a service: the apps as their images build
  // them, the echo servers split so a bare server loads its stack alone.
  say("bundling the servers…");
  const appBundles = await bundleAppsForLocalRun(platformServices.map(({ name }) => name));
  const echoBundle = await bundleScriptForLocalRun("tools/bench/src/echo-server-main.ts").catch(
    async (error: unknown) => {
      await appBundles.remove();
      throw error;
    },
  );
  const echo = (options: Omit<EchoServerProcessOptions, "bundle">) =>
    startEchoServerProcess({ ...options, bundle: echoBundle.entry });
  const catalog = (options: Omit<CatalogProcessOptions, "bundle">) =>
    startCatalogProcess({ ...options, bundle: appBundles.entryOf("catalog") });
  try {
    // 1. Start-up footprint, one process at a time, before any load.
    const footprint = (start: () => Promise<ServiceProcess>) =>
      measureStartupFootprint(start, { runs: settings.startupRuns, ...(signal ? { signal } : {}) });
    for (const stack of ["connect-node", "grpc-js"] as const) {
      say(`start-up: ${stack}, bare and on the runtime…`);
      const bare = await footprint(() => echo({ stack, server: "bare" }));
      const variants: [string, StartupFootprint][] = [
        [`${stack} bare`, bare],
        [
          `${stack} runtime, telemetry off`,
          await footprint(() => echo({ stack, server: "runtime", env: quickDrain })),
        ],
        [
          `${stack} runtime, telemetry on`,
          await footprint(() => echo({ stack, server: "runtime", env: { ...quickDrain, ...telemetryOn } })),
        ],
      ];
      if (stack === "connect-node") {
        variants.push([
          "catalog (connect-node), telemetry off",
          await footprint(() => catalog({ env: quickDrain })),
        ]);
      }
      for (const [server, measured] of variants) {
        startup.push({
          server,
          ...measured,
          startRatio: bare.startMs > 0 ? measured.startMs / bare.startMs : 0,
          rssOverBareMb: measured.idleRssMb - bare.idleRssMb,
        });
      }
    }

    // Each path of a comparison runs twice for half the time, in order and then in reverse
    // (A B … B A), so drift over the run (other load, CPU frequency) hits every path alike.
    const measurePaths = async (
      load: Pick<GhzLoadOptions, "protoFile" | "call" | "data">,
      targets: readonly (ServiceProcess | string)[],
    ): Promise<GhzStats[]> => {
      const runs: GhzStats[][] = targets.map(() => []);
      for (const round of [0, 1]) {
        for (const index of round === 0 ? targets.keys() : [...targets.keys()].reverse()) {
          signal?.throwIfAborted();
          const target = targets[index] ?? "";
          runs[index]?.push(
            await runGhz({
              ...load,
              target: typeof target === "string" ? target : `127.0.0.1:${target.port}`,
              concurrency: settings.concurrency,
              durationMs: settings.durationMs / 2,
              warmupCalls: round === 0 ? settings.warmupCalls : 0,
              cpuPlan,
            }),
          );
        }
      }
      return runs.map(mergeGhzStats);
    };
    const startPinned = async (start: () => Promise<ServiceProcess>): Promise<ServiceProcess> => {
      const server = await start();
      started.push(server);
      await pinProcess(server.pid, cpuPlan.serverCpu);
      return server;
    };

    // 2. Runtime vs bare stack, one stack at a time.
    const unary = {
      protoFile: echoProto,
      call: "switchyard.testing.v1.EchoService/Echo",
      data: { message: "ping" },
    };
    const stream = {
      protoFile: echoProto,
      call: "switchyard.testing.v1.EchoService/ServerStream",
      data: { message: "ping", count: settings.streamMessages },
    };
    for (const stack of ["connect-node", "grpc-js"] as BenchStack[]) {
      say(`runtime vs bare: ${stack}…`);
      const bare = await startPinned(() => echo({ stack, server: "bare" }));
      const runtime = await startPinned(() => echo({ stack, server: "runtime", env: quickDrain }));
      // The runtime without its per-call info line: how much of the gap that line is.
      const quiet = await startPinned(() =>
        echo({
          stack,
          server: "runtime",
          env: { ...quickDrain, LOG_LEVEL: "warn" },
          readyWhen: "health-check",
        }),
      );
      const goal = "of bare calls/s (goal ≥ 0.90)";
      for (const [comparison, load] of [
        [`${stack} unary`, unary],
        [`${stack} stream ×${settings.streamMessages}`, stream],
      ] as const) {
        const [bareStats, runtimeStats, quietStats] = await measurePaths(load, [bare, runtime, quiet]);
        if (!bareStats || !runtimeStats || !quietStats) throw new Error("a path was not measured");
        rows.push(
          ...compare(
            comparison,
            goal,
            ["bare", bareStats],
            ["runtime", runtimeStats],
            ["runtime, LOG_LEVEL=warn", quietStats],
          ),
        );
      }
      await stopStarted();
    }

    // 3. Catalog GetProduct: Envoy, the per-call log line, telemetry.
    say("catalog: direct, through Envoy, without the per-call log line, telemetry on…");
    const direct = await startPinned(() => catalog({ env: quickDrain }));
    const quiet = await startPinned(() =>
      catalog({ env: { ...quickDrain, LOG_LEVEL: "warn" }, readyWhen: "health-check" }),
    );
    const traced = await startPinned(() => catalog({ env: { ...quickDrain, ...telemetryOn } }));
    const envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: [
          {
            name: "catalog",
            grpcServices: findPlatformService("catalog").grpcServices,
            endpoints: [{ host: "127.0.0.1", port: direct.port }],
            activeHealthCheck: false,
          },
        ],
        listenerPort: 0,
        adminPort: 0,
        accessLog: false,
      }),
      // One worker thread, on the load CPU: Envoy's cost is paid beside ghz, not on the service's core.
      args: ["--disable-hot-restart", "--log-level", "warn", "--concurrency", "1"],
    });
    started.push(envoy);
    await pinProcess(envoy.process.pid, cpuPlan.loadCpu);
    const getProduct = {
      protoFile: "switchyard/catalog/v1/catalog_service.proto",
      call: "switchyard.catalog.v1.CatalogService/GetProduct",
      data: { id: productId },
    };
    const [directStats, proxied, quietStats, tracedStats] = await measurePaths(getProduct, [
      direct,
      `127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}`,
      quiet,
      traced,
    ]);
    if (!directStats || !proxied || !quietStats || !tracedStats) throw new Error("a path was not measured");
    rows.push(
      ...compare(
        "Envoy vs direct",
        "of direct calls/s (goal ≥ 0.85)",
        ["direct", directStats],
        ["through Envoy", proxied],
      ),
      ...compare(
        "per-call info log line",
        "of calls/s without it",
        ["without (LOG_LEVEL=warn)", quietStats],
        ["with (default, = direct)", directStats],
      ),
      ...compare(
        "telemetry",
        "of calls/s with telemetry off",
        ["off (= direct)", directStats],
        ["on (OTLP/gRPC, every span)", tracedStats],
      ),
    );
    await stopStarted();

    // 4. PlaceOrder end to end, state in memory vs in PostgreSQL.
    say("PlaceOrder: starting PostgreSQL and two platforms…");
    database = await startTestDatabase({ name: "bench" });
    orderPlatforms = await startOrderPlatforms(database, appBundles);
    const [inMemory, withDatabase] = orderPlatforms.map(placeOrderCall);
    if (inMemory === undefined || withDatabase === undefined) throw new Error("order platforms missing");
    const orderSamples = await measureInRounds([inMemory, withDatabase], settings, signal);
    rows.push(
      ...compare(
        "PlaceOrder end to end",
        "of in-memory calls/s",
        ["state in memory", { ...summarizeSamples(orderSamples.get(inMemory) ?? []), failed: 0 }],
        ["state in PostgreSQL", { ...summarizeSamples(orderSamples.get(withDatabase) ?? []), failed: 0 }],
      ),
    );
    await Promise.all(orderPlatforms.map((platform) => platform.stop()));
    orderPlatforms = [];
    await database.stop();
    database = undefined;

    // 5. L7 spread over replicas through Envoy.
    say(`L7 spread: ${settings.spreadReplicas} replicas behind Envoy…`);
    const lab = await startSpreadLab({ replicas: settings.spreadReplicas, cpuPlan });
    try {
      const burst = await lab.burst("ROUND_ROBIN", settings.spreadCalls, 20);
      rows.push({
        comparison: `L7 spread, ${settings.spreadCalls} at once on 1 connection`,
        path: `round robin, ${settings.spreadReplicas} replicas`,
        ...burst,
        ratio: burst.maxOverMin,
        ratioOf: "max/min calls per replica (goal ≤ 1.10)",
        detail: spreadDetail(burst),
      });
      const roundRobin = await lab.uneven(
        "ROUND_ROBIN",
        settings.unevenConcurrency,
        settings.durationMs,
        signal,
      );
      const leastRequest = await lab.uneven(
        "LEAST_REQUEST",
        settings.unevenConcurrency,
        settings.durationMs,
        signal,
      );
      const share = (result: SpreadResult) =>
        `slow replicas took ${(result.slowShare * 100).toFixed(1)} %; ${spreadDetail(result)}`;
      rows.push(
        ...compare(
          `2 of ${settings.spreadReplicas} replicas 10× slower`,
          "of round robin calls/s",
          ["round robin", roundRobin],
          ["least_request", leastRequest],
        ).map((row, index) => ({ ...row, detail: share(index === 0 ? roundRobin : leastRequest) })),
      );
    } finally {
      await lab.close();
    }
    return { startup, rows, cpu: cpuPlan.description, settings };
  } finally {
    await stopStarted();
    await Promise.all(orderPlatforms.map((platform) => platform.stop()));
    await database?.stop();
    await collector.close();
    await echoBundle.remove();
    await appBundles.remove();
  }
}

/**
 * Catalog, pricing and checkout, one replica each, twice side by side: state in memory (no
 * DATABASE_URL), and catalog and checkout on `database` (a real PostgreSQL). No Envoy.
 */
async function startOrderPlatforms(
  database: TestDatabase,
  bundles: LocalAppBundles,
): Promise<LaunchedPlatform[]> {
  const launch = (withDatabase: boolean) =>
    launchPlatform({
      services: platformServices,
      entryOf: (service) => bundles.entryOf(service.name),
      replicasOf: () => 1,
      replicaEnv: (service) => ({
        ...quickDrain,
        STOCK_SIMULATION_MS: "0",
        ...(withDatabase && service.ownsData === true ? { [databaseUrlVariable]: database.url } : {}),
      }),
      startTimeoutMs: 60_000,
    });
  const outcomes = await Promise.allSettled([launch(false), launch(true)]);
  const launched = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
  const failed = outcomes.find((outcome) => outcome.status === "rejected");
  if (failed !== undefined) {
    await Promise.all(launched.map((platform) => platform.stop()));
    throw failed.reason;
  }
  return launched;
}

/**
 * Warms up each call, then runs them in `settings.rounds` rounds of `settings.orderCalls` calls
 * in all, taking turns in a rotating order; returns each call's samples.
 */
async function measureInRounds(
  order: readonly (() => Promise<unknown>)[],
  settings: BenchmarkReport["settings"],
  signal: AbortSignal | undefined,
): Promise<Map<() => Promise<unknown>, CallSamples[]>> {
  const abort = signal === undefined ? {} : { signal };
  for (const call of order) {
    await measureUnaryCalls(call, {
      ...abort,
      calls: settings.warmupCalls,
      concurrency: settings.concurrency,
    });
  }
  const phases = new Map<() => Promise<unknown>, CallSamples[]>(order.map((call) => [call, []]));
  const calls = settings.orderCalls;
  for (let round = 0; round < settings.rounds; round += 1) {
    const roundCalls = Math.floor(calls / settings.rounds) + (round < calls % settings.rounds ? 1 : 0);
    for (let turn = 0; turn < order.length; turn += 1) {
      const call = order[(round + turn) % order.length];
      if (call === undefined || roundCalls === 0) continue;
      phases.get(call)?.push(
        await sampleUnaryCalls(call, {
          calls: roundCalls,
          concurrency: settings.concurrency,
          timeLimitMs: (settings.durationMs * 3) / settings.rounds,
          ...abort,
        }),
      );
    }
  }
  return phases;
}

function placeOrderCall(platform: LaunchedPlatform): () => Promise<unknown> {
  const [checkout] = platform.replicasOf("checkout");
  if (checkout === undefined) throw new Error("no checkout replica");
  const client = createClient(CheckoutService, createGrpcTransport({ baseUrl: checkout.url }));
  return () =>
    client.placeOrder({
      requestId: randomUUID(),
      customerId: "bench",
      lines: [{ productId, quantity: 1 }],
    });
}
