import { randomUUID } from "node:crypto";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { frontProxyListenerName, renderFrontProxyConfig } from "@switchyard/envoy-config";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { startOtlpTraceCollector, startTestDatabase, type TestDatabase } from "@switchyard/testing";
import { launchPlatform, startEnvoy, type EnvoyProcess, type LaunchedPlatform } from "@switchyard/launcher";
import { databaseUrlVariable, findPlatformService, platformServices } from "@switchyard/topology";
import type { ServiceProcess } from "@switchyard/launcher";
import { startCatalogProcess } from "./catalog-process.js";
import {
  measureUnaryCalls,
  sampleUnaryCalls,
  summarizeSamples,
  type CallSamples,
  type UnaryCallStats,
} from "./measure-unary-calls.js";

/** Options for {@link runBenchmarks}. */
export interface BenchmarkOptions {
  /** Measured calls per path. Default 6000 (fewer make the ratios noisy on 2 cores). */
  readonly calls?: number;
  /**
   * Measured PlaceOrder calls per path of the order comparison. Default 1000: each call runs
   * checkout, catalog and pricing (and the database), and takes one unit of a product stocked
   * 5000 times, so warm-up and measurement must stay below that.
   */
  readonly orderCalls?: number;
  /** Unmeasured calls per path before measuring. Default 300. */
  readonly warmupCalls?: number;
  /** Calls in flight at once, on one HTTP/2 connection. Default 16. */
  readonly concurrency?: number;
  /**
   * Each path's calls are split into this many rounds, the paths taking turns (in a rotating
   * order), so drift over the run (CPU frequency, GC, other load) hits every path alike.
   * Default 6.
   */
  readonly rounds?: number;
  /** Upper bound of each path's measured time, all rounds together. Default 15 000 ms. */
  readonly timeLimitMs?: number;
  /**
   * Aborting stops the run at the next call (or right after start-up), stops everything
   * started, and makes {@link runBenchmarks} reject with the abort reason.
   */
  readonly signal?: AbortSignal;
  /** Called with each row once every round is measured. */
  readonly onRow?: (row: BenchmarkRow) => void;
}

/** One measured path of a comparison. */
export interface BenchmarkRow extends UnaryCallStats {
  /** The comparison, e.g. "proxy overhead". */
  readonly comparison: string;
  /** The path, e.g. "direct" or "through Envoy". */
  readonly path: string;
  /**
   * Throughput of the baseline divided by this path's (so above 1 means slower than the
   * baseline); 1 for the baseline itself.
   */
  readonly ratio: number;
}

/** The rows of one run, baseline first in each comparison. */
export interface BenchmarkReport {
  readonly rows: readonly BenchmarkRow[];
  /** Settings of the run. */
  readonly calls: number;
  /** Measured PlaceOrder calls per path of the order comparison. */
  readonly orderCalls: number;
  readonly warmupCalls: number;
  readonly concurrency: number;
  readonly rounds: number;
}

const productId = "sku-espresso-250g";

function catalogClient(baseUrl: string): Client<typeof CatalogService> {
  // One transport is one HTTP/2 session: every call of a path shares one connection.
  return createClient(CatalogService, createGrpcTransport({ baseUrl }));
}

function rows(
  comparison: string,
  baseline: [string, UnaryCallStats],
  other: [string, UnaryCallStats],
): BenchmarkRow[] {
  const [basePath, base] = baseline;
  const [otherPath, stats] = other;
  return [
    { comparison, path: basePath, ...base, ratio: 1 },
    {
      comparison,
      path: otherPath,
      ...stats,
      ratio: stats.callsPerSecond > 0 ? base.callsPerSecond / stats.callsPerSecond : Number.POSITIVE_INFINITY,
    },
  ];
}

/** Where the two checkout variants of the order comparison listen, and how to stop them. */
interface OrderPlatforms {
  readonly inMemory: LaunchedPlatform;
  readonly database: LaunchedPlatform;
}

/**
 * Catalog, pricing and checkout, one replica each, twice side by side: once with their state
 * in memory (no DATABASE_URL) and once with catalog and checkout on `database` (a real
 * PostgreSQL). No Envoy: the comparison is the database's cost, not the proxy's.
 */
async function startOrderPlatforms(database: TestDatabase): Promise<OrderPlatforms> {
  const launch = (withDatabase: boolean) =>
    launchPlatform({
      services: platformServices,
      replicasOf: () => 1,
      replicaEnv: (service) => ({
        ...quickDrain,
        STOCK_SIMULATION_MS: "0",
        ...(withDatabase && service.ownsData === true ? { [databaseUrlVariable]: database.url } : {}),
      }),
      startTimeoutMs: 60_000,
    });
  const outcomes = await Promise.allSettled([launch(false), launch(true)]);
  const [inMemory, withDatabase] = outcomes.map((outcome) =>
    outcome.status === "fulfilled" ? outcome.value : undefined,
  );
  const failed = outcomes.find((outcome) => outcome.status === "rejected");
  if (failed !== undefined || inMemory === undefined || withDatabase === undefined) {
    await Promise.all([inMemory?.stop(), withDatabase?.stop()]);
    throw failed?.reason ?? new Error("the order platforms did not start");
  }
  return { inMemory, database: withDatabase };
}

/**
 * Runs the paths of `order` in `settings.rounds` rounds of `calls` calls each in total,
 * the paths taking turns in a rotating order; returns each path's samples.
 */
async function measureInRounds(
  order: readonly (() => Promise<unknown>)[],
  calls: number,
  settings: Required<Omit<BenchmarkOptions, "onRow" | "signal">>,
  abort: { signal?: AbortSignal },
): Promise<Map<() => Promise<unknown>, CallSamples[]>> {
  const phases = new Map<() => Promise<unknown>, CallSamples[]>(order.map((call) => [call, []]));
  for (let round = 0; round < settings.rounds; round += 1) {
    // Spread the calls over the rounds; the first rounds take the remainder.
    const roundCalls = Math.floor(calls / settings.rounds) + (round < calls % settings.rounds ? 1 : 0);
    for (let turn = 0; turn < order.length; turn += 1) {
      const call = order[(round + turn) % order.length];
      if (call === undefined || roundCalls === 0) continue;
      phases.get(call)?.push(
        await sampleUnaryCalls(call, {
          calls: roundCalls,
          concurrency: settings.concurrency,
          timeLimitMs: settings.timeLimitMs / settings.rounds,
          ...abort,
        }),
      );
    }
  }
  return phases;
}

/**
 * Runs the three comparisons in one go. Two catalog processes (`apps/catalog/src/main.ts`, as
 * production runs them) are started side by side: one without an OTLP endpoint (the telemetry
 * interceptors record into no-op providers) and one whose SDK exports spans over OTLP/gRPC
 * to a local trace collector (one process per variant, because the SDK is global). A real
 * Envoy rendered by `renderFrontProxyConfig` (access log and active health checks off, so only
 * the proxying is measured) fronts the first. Every path is warmed up before any is measured;
 * the telemetry-off baseline is the direct measurement. The third comparison places orders
 * (checkout → catalog's ReserveStock, pricing's Quote, then the order's write) on two
 * platforms side by side, state in memory against state in PostgreSQL, each call with a new
 * request_id. Everything started is stopped, also on failure.
 *
 * Long by design: the benchmark's ordered phases with one cleanup path, read top to bottom.
 */
export async function runBenchmarks(options: BenchmarkOptions = {}): Promise<BenchmarkReport> {
  const settings = withDefaults(options);
  const collector = await startOtlpTraceCollector();
  const started: ServiceProcess[] = [];
  let envoy: EnvoyProcess | undefined;
  let database: TestDatabase | undefined;
  let orderPlatforms: OrderPlatforms | undefined;
  try {
    // Started side by side; waiting for both settles so a failure leaves nothing unstopped.
    const outcomes = await Promise.allSettled([
      startCatalogProcess({ env: quickDrain }),
      startCatalogProcess({
        env: {
          ...quickDrain,
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
          OTEL_TRACES_EXPORTER: "otlp",
          // The local collector receives traces only.
          OTEL_METRICS_EXPORTER: "none",
          OTEL_LOGS_EXPORTER: "none",
        },
      }),
    ]);
    for (const outcome of outcomes) if (outcome.status === "fulfilled") started.push(outcome.value);
    const [plain, traced] = outcomes.map((outcome) => {
      if (outcome.status === "rejected") throw outcome.reason;
      return outcome.value;
    });
    if (plain === undefined || traced === undefined) throw new Error("catalog processes did not start");
    envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: [
          {
            name: "catalog",
            grpcServices: findPlatformService("catalog").grpcServices,
            endpoints: [{ host: "127.0.0.1", port: plain.port }],
            activeHealthCheck: false,
          },
        ],
        listenerPort: 0,
        adminPort: 0,
        accessLog: false,
      }),
    });
    options.signal?.throwIfAborted();
    const abort = options.signal === undefined ? {} : { signal: options.signal };
    const paths = {
      direct: catalogCall(`http://127.0.0.1:${plain.port}`),
      envoy: catalogCall(`http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}`),
      traced: catalogCall(`http://127.0.0.1:${traced.port}`),
    };
    for (const call of Object.values(paths)) {
      await measureUnaryCalls(call, { ...settings, ...abort, calls: settings.warmupCalls, warmupCalls: 0 });
    }
    const order = [paths.direct, paths.envoy, paths.traced];
    const phases = await measureInRounds(order, settings.calls, settings, abort);

    database = await startTestDatabase({ name: "bench" });
    orderPlatforms = await startOrderPlatforms(database);
    options.signal?.throwIfAborted();
    const orderPaths = {
      inMemory: placeOrderCall(orderPlatforms.inMemory),
      database: placeOrderCall(orderPlatforms.database),
    };
    for (const call of Object.values(orderPaths)) {
      await measureUnaryCalls(call, { ...settings, ...abort, calls: settings.warmupCalls, warmupCalls: 0 });
    }
    for (const [call, samples] of await measureInRounds(
      [orderPaths.inMemory, orderPaths.database],
      settings.orderCalls,
      settings,
      abort,
    )) {
      phases.set(call, samples);
    }
    const stats = (call: () => Promise<unknown>): UnaryCallStats => summarizeSamples(phases.get(call) ?? []);
    const all: BenchmarkRow[] = [];
    const report = (row: BenchmarkRow): void => {
      all.push(row);
      options.onRow?.(row);
    };
    const direct = stats(paths.direct);
    const proxied = stats(paths.envoy);
    rows("proxy overhead", ["direct", direct], ["through Envoy", proxied]).forEach(report);
    const tracedStats = stats(paths.traced);
    rows(
      "telemetry overhead",
      ["telemetry off (= direct)", direct],
      ["telemetry on (OTLP)", tracedStats],
    ).forEach(report);
    rows(
      "PlaceOrder, state",
      ["in memory", stats(orderPaths.inMemory)],
      ["PostgreSQL", stats(orderPaths.database)],
    ).forEach(report);
    return {
      rows: all,
      calls: settings.calls,
      orderCalls: settings.orderCalls,
      warmupCalls: settings.warmupCalls,
      concurrency: settings.concurrency,
      rounds: settings.rounds,
    };
  } finally {
    await envoy?.stop();
    await Promise.all([
      ...started.map((catalog) => catalog.stop()),
      orderPlatforms?.inMemory.stop(),
      orderPlatforms?.database.stop(),
    ]);
    await database?.stop();
    await collector.close();
  }
}

// The runtime's drain delay (10 s by default) is for load balancers; nothing balances here.
const quickDrain = { DRAIN_DELAY_MS: "0", DRAIN_GRACE_MS: "1000" };

function catalogCall(baseUrl: string): () => Promise<unknown> {
  const client = catalogClient(baseUrl);
  return () => client.getProduct({ id: productId });
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

function withDefaults(options: BenchmarkOptions): Required<Omit<BenchmarkOptions, "onRow" | "signal">> {
  return {
    calls: options.calls ?? 6000,
    orderCalls: options.orderCalls ?? 1000,
    warmupCalls: options.warmupCalls ?? 300,
    concurrency: options.concurrency ?? 16,
    rounds: Math.max(1, options.rounds ?? 6),
    timeLimitMs: options.timeLimitMs ?? 15_000,
  };
}
