import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  bundledProductsPath,
  createInMemoryProductStore,
  createInMemoryStockStore,
  loadProductsFile,
  loadStockFile,
  bundledStockPath,
  startCatalogServer,
} from "@switchyard/catalog";
import { frontProxyListenerName, renderFrontProxyConfig } from "@switchyard/envoy-config";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { startEnvoy, startOtlpTraceCollector, type EnvoyProcess } from "@switchyard/testing";
import { findPlatformService } from "@switchyard/topology";
import { startCatalogProcess, type CatalogProcess } from "./catalog-process.js";
import { measureUnaryCalls, type UnaryCallStats } from "./measure-unary-calls.js";

/** Options for {@link runBenchmarks}. */
export interface BenchmarkOptions {
  /** Measured calls per path. Default 2000. */
  readonly calls?: number;
  /** Unmeasured calls per path before measuring. Default 200. */
  readonly warmupCalls?: number;
  /** Calls in flight at once, on one HTTP/2 connection. Default 16. */
  readonly concurrency?: number;
  /** Upper bound of each path's measured phase. Default 15 000 ms. */
  readonly timeLimitMs?: number;
  /** Called with each row as soon as it is measured (progress output). */
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
  readonly warmupCalls: number;
  readonly concurrency: number;
}

const productId = "sku-espresso-250g";

function catalogClient(baseUrl: string): Client<typeof CatalogService> {
  // One transport is one HTTP/2 session: every call of a path shares one connection.
  return createClient(CatalogService, createGrpcTransport({ baseUrl }));
}

async function measureCatalog(
  baseUrl: string,
  options: Required<Omit<BenchmarkOptions, "onRow">>,
): Promise<UnaryCallStats> {
  const client = catalogClient(baseUrl);
  return measureUnaryCalls(() => client.getProduct({ id: productId }), options);
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

/**
 * Proxy overhead: the catalog, started in this process, called directly and through a real
 * Envoy rendered by `renderFrontProxyConfig` (access log and active health checks off, so
 * only the proxying is measured). Everything started is stopped, also on failure.
 */
export async function runProxyBenchmark(options: BenchmarkOptions = {}): Promise<BenchmarkRow[]> {
  const settings = withDefaults(options);
  let server: RunningService | undefined;
  let envoy: EnvoyProcess | undefined;
  try {
    server = await startCatalogServer({
      products: createInMemoryProductStore(await loadProductsFile(bundledProductsPath)),
      stock: createInMemoryStockStore(await loadStockFile(bundledStockPath)),
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    });
    envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: [
          {
            name: "catalog",
            grpcServices: findPlatformService("catalog").grpcServices,
            endpoints: [{ host: "127.0.0.1", port: server.port }],
            activeHealthCheck: false,
          },
        ],
        listenerPort: 0,
        adminPort: 0,
        accessLog: false,
      }),
    });
    const direct = await measureCatalog(`http://127.0.0.1:${server.port}`, settings);
    const proxied = await measureCatalog(
      `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}`,
      settings,
    );
    return rows("proxy overhead", ["direct", direct], ["through Envoy", proxied]);
  } finally {
    await envoy?.stop();
    await server?.forceClose();
  }
}

/**
 * Telemetry overhead: `apps/catalog/src/main.ts` as a child process without an OTLP endpoint
 * (the interceptors record into no-op providers), then with the SDK exporting spans over
 * OTLP/gRPC to a local trace collector. One process per variant, because the SDK is global.
 */
export async function runTelemetryBenchmark(options: BenchmarkOptions = {}): Promise<BenchmarkRow[]> {
  const settings = withDefaults(options);
  const collector = await startOtlpTraceCollector();
  let catalog: CatalogProcess | undefined;
  try {
    catalog = await startCatalogProcess();
    const disabled = await measureCatalog(`http://127.0.0.1:${catalog.port}`, settings);
    await catalog.stop();
    catalog = await startCatalogProcess({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
        OTEL_TRACES_EXPORTER: "otlp",
        // The local collector receives traces only.
        OTEL_METRICS_EXPORTER: "none",
        OTEL_LOGS_EXPORTER: "none",
      },
    });
    const enabled = await measureCatalog(`http://127.0.0.1:${catalog.port}`, settings);
    return rows("telemetry overhead", ["telemetry off", disabled], ["telemetry on (OTLP)", enabled]);
  } finally {
    await catalog?.stop();
    await collector.close();
  }
}

function withDefaults(options: BenchmarkOptions): Required<Omit<BenchmarkOptions, "onRow">> {
  return {
    calls: options.calls ?? 2000,
    warmupCalls: options.warmupCalls ?? 200,
    concurrency: options.concurrency ?? 16,
    timeLimitMs: options.timeLimitMs ?? 15_000,
  };
}

/** Runs both comparisons one after the other and returns every row. */
export async function runBenchmarks(options: BenchmarkOptions = {}): Promise<BenchmarkReport> {
  const settings = withDefaults(options);
  const all: BenchmarkRow[] = [];
  for (const run of [runProxyBenchmark, runTelemetryBenchmark]) {
    for (const row of await run(options)) {
      all.push(row);
      options.onRow?.(row);
    }
  }
  return { rows: all, ...settings };
}
