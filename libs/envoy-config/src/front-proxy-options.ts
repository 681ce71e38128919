import type { EdgeJwtOptions } from "./edge-jwt.js";
/** One replica of a service, as Envoy reaches it. */
export interface UpstreamEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * How Envoy finds a service's replicas from {@link UpstreamService.endpoints}:
 *
 * - `"static"`: each endpoint is one replica's address (the local platform).
 * - `"dns"`: each endpoint is a name that resolves to every ready replica (a Kubernetes headless
 *   Service); Envoy re-resolves it and balances every request over the addresses (STRICT_DNS).
 * - `"balancing-proxy"`: the endpoint is a proxy that balances over the replicas itself (ECS
 *   Service Connect's `<name>:<port>`, answered by the task's own Service Connect proxy). One
 *   logical host (LOGICAL_DNS), without active health checks or outlier ejection: those would
 *   judge the proxy, not a replica, and ejecting the only host would fail every call, while the
 *   proxy already health-checks and ejects replicas.
 */
export type UpstreamDiscovery = "static" | "dns" | "balancing-proxy";

/** A service behind the front proxy: an Envoy cluster and its route prefixes. */
export interface UpstreamService {
  /** Cluster name, e.g. "catalog". */
  readonly name: string;
  /** Fully-qualified gRPC services routed to the cluster, e.g. "switchyard.catalog.v1.CatalogService". */
  readonly grpcServices: readonly string[];
  /** The replicas, or the names that lead to them (see {@link discovery}). */
  readonly endpoints: readonly UpstreamEndpoint[];
  /** How {@link endpoints} lead to the replicas. Default "static". */
  readonly discovery?: UpstreamDiscovery;
  /**
   * Whether Envoy actively health-checks the replicas with `grpc.health.v1.Health/Check`.
   * Default true; turn it off only for a server that does not serve the health protocol.
   */
  readonly activeHealthCheck?: boolean;
  /**
   * The `service` Envoy asks the health service about. Default "" (the whole server), which
   * the service runtime turns NOT_SERVING on drain, so a draining replica leaves rotation.
   */
  readonly healthCheckServiceName?: string;
}

/** TLS listener settings for {@link renderFrontProxyConfig}. */
export interface FrontProxyTlsOptions {
  /** Port of the TLS listener; 0 picks a free one. */
  readonly port: number;
  /** PEM certificate chain file (as Envoy opens it: absolute, or relative to Envoy's working directory). */
  readonly certificateChainPath: string;
  /** PEM private key file of the certificate. */
  readonly privateKeyPath: string;
}

/**
 * Mutual TLS from Envoy to the services' replicas, see {@link FrontProxyOptions.upstreamTls}.
 * Paths as Envoy opens them (absolute, or relative to Envoy's working directory).
 */
export interface UpstreamTlsOptions {
  /** PEM CA certificate the replicas' certificates must chain to. */
  readonly caCertificatePath: string;
  /** PEM certificate chain Envoy presents to the replicas as their client. */
  readonly certificateChainPath: string;
  /** PEM private key of that certificate. */
  readonly privateKeyPath: string;
}

/**
 * Timings of the front proxy, in milliseconds. The defaults suit the local platform:
 * short health-check intervals so a replica leaves rotation within about two seconds.
 */
export interface FrontProxyTimings {
  /** Active health check interval. Default 1000. */
  readonly healthCheckIntervalMs: number;
  /**
   * Active health check timeout. Default 2500: a replica whose event loop is saturated by a
   * flood answers its health check late, not NOT_SERVING; a late answer must not count as a miss.
   */
  readonly healthCheckTimeoutMs: number;
  /** Per-try timeout of unary calls (streams have none). Default 5000. */
  readonly unaryPerTryTimeoutMs: number;
  /**
   * Age after which Envoy drains a downstream connection (GOAWAY). Default 300000; 0 for none
   * (behind a load balancer that reuses connections and closes idle ones itself).
   */
  readonly maxConnectionDurationMs: number;
  /** Grace period between the first GOAWAY and the final one when draining. Default 5000. */
  readonly drainTimeoutMs: number;
  /** A stream without any frame for this long is reset. Default 60000. */
  readonly streamIdleTimeoutMs: number;
}

/** Default {@link FrontProxyTimings} of the local platform. */
export const defaultFrontProxyTimings: FrontProxyTimings = {
  healthCheckIntervalMs: 1000,
  healthCheckTimeoutMs: 2500,
  unaryPerTryTimeoutMs: 5000,
  maxConnectionDurationMs: 300_000,
  drainTimeoutMs: 5000,
  streamIdleTimeoutMs: 60_000,
};

/** Options for {@link renderFrontProxyConfig}. */
export interface FrontProxyOptions {
  readonly services: readonly UpstreamService[];
  /** Port of the plaintext listener (h2c and HTTP/1.1); 0 picks a free one. */
  readonly listenerPort: number;
  /** Port of the admin interface; 0 picks a free one. */
  readonly adminPort: number;
  /**
   * Address the admin interface binds. Default "127.0.0.1": admin can change Envoy's state,
   * so only a container, whose loopback is its own, has a reason to bind it wider.
   */
  readonly adminAddress?: string;
  /** Address the listeners bind. Default "127.0.0.1". */
  readonly listenerAddress?: string;
  /** Adds a TLS listener (ALPN h2 and http/1.1) serving the same routes. Default: none. */
  readonly tls?: FrontProxyTlsOptions;
  /**
   * Calls and health checks to every service's replicas go over mutual TLS (ALPN h2): Envoy
   * presents its client certificate and accepts a replica only when its certificate chains to
   * the CA and carries the service's name (the cluster name) as a DNS subjectAltName, which
   * Envoy also sends as SNI. Default: none (h2c). The edge, tracing and JWKS clusters keep
   * their own transport.
   */
  readonly upstreamTls?: UpstreamTlsOptions;
  /**
   * Cluster that answers `grpc.health.v1.Health` and server reflection at the edge.
   * Default: the first service. See envoy/README.md for why one cluster answers them.
   */
  readonly platformCluster?: string;
  /**
   * A server that answers health and reflection for the whole platform (the local platform's
   * edge server): when set, those routes go to cluster {@link edgeClusterName} at this address
   * instead of {@link platformCluster}, so `grpcurl list` through Envoy lists every service.
   * Envoy also routes the storefront's files (`/`, `/index.html`, `/assets/`) and its dev
   * login (`/dev-login`) to it.
   */
  readonly edge?: UpstreamEndpoint;
  /** Overrides of {@link defaultFrontProxyTimings}. */
  readonly timings?: Partial<FrontProxyTimings>;
  /** JSON access log lines on stdout, one per call. Default true. */
  readonly accessLog?: boolean;
  /**
   * Regular expression (RE2) of the browser origins CORS allows.
   * Default: http(s)://localhost and 127.0.0.1 on any port, for local development.
   */
  readonly corsAllowedOriginRegex?: string;
  /**
   * Browser origins CORS allows, exactly (e.g. `https://shop.example.com`), besides
   * {@link corsAllowedOriginRegex}. For a deployment that knows its storefront's origin only as
   * a value filled in at deploy time, which a regular expression would have to escape. Default: none.
   */
  readonly corsAllowedOrigins?: readonly string[];
  /** Traces every request with Envoy's OpenTelemetry tracer. Default: no tracing. */
  readonly tracing?: FrontProxyTracingOptions;
  /**
   * Calls per second each gRPC route admits at this Envoy (a token bucket per route, shared by
   * its workers); above it, RESOURCE_EXHAUSTED at the edge, and other routes are unaffected.
   * Default {@link defaultRouteRateLimit}; `perPath` overrides one route by its full gRPC path
   * (`/pkg.Service/Method`, or `/pkg.Service/` for the service's streams and browser calls).
   */
  readonly rateLimit?: RouteRateLimits;
  /**
   * A path a load balancer's HTTP health check may GET (Envoy's `health_check` filter): 200
   * while Envoy serves, 503 once the admin's `POST /healthcheck/fail` says it is going away (a
   * graceful `/drain_listeners` alone does not change the answer), so a stopping Envoy leaves
   * the target group even if its deregistration were lost. It never depends on the
   * services: one service down must not take the whole gateway out. Default: none.
   */
  readonly loadBalancerHealthPath?: string;
  /**
   * Envoy checks bearer tokens at the edge too (`jwt_authn`, rules from the protos' method
   * policies): a call that needs a token and has no valid one never reaches a replica.
   * Default: none (the services check tokens themselves in every case).
   */
  readonly jwt?: EdgeJwtOptions;
}

/** A route's token bucket: `callsPerSecond` refilled, up to `burst` at once. */
export interface RouteRateLimit {
  readonly callsPerSecond: number;
  readonly burst: number;
}

/** See {@link FrontProxyOptions.rateLimit}. */
export interface RouteRateLimits extends RouteRateLimit {
  readonly perPath?: Readonly<Record<string, RouteRateLimit>>;
}

/**
 * Each route's default bucket: 2,000 calls/s with bursts of 4,000, about 3 × what a replica
 * pair of the local platform serves (docs/overload-results.md), so it never binds before the
 * replicas' own load shedding in normal use and cuts a single runaway client of one method
 * off at the edge without touching the other methods.
 */
export const defaultRouteRateLimit: RouteRateLimits = { callsPerSecond: 2000, burst: 4000 };

/** Where Envoy sends its spans, see {@link FrontProxyOptions.tracing}. */
export interface FrontProxyTracingOptions {
  /** An OTLP/gRPC receiver (an OpenTelemetry Collector, h2c). */
  readonly collector: UpstreamEndpoint;
  /** `service.name` of Envoy's spans. Default "switchyard-envoy". */
  readonly serviceName?: string;
}

/** Cluster of the OTLP collector (see {@link FrontProxyOptions.tracing}). */
export const otelCollectorClusterName = "otel_collector";

export function tracing(options: FrontProxyTracingOptions): object {
  return {
    provider: {
      name: "envoy.tracers.opentelemetry",
      typed_config: {
        "@type": "type.googleapis.com/envoy.config.trace.v3.OpenTelemetryConfig",
        grpc_service: { envoy_grpc: { cluster_name: otelCollectorClusterName }, timeout: "1s" },
        service_name: options.serviceName ?? "switchyard-envoy",
      },
    },
    // The proxy hop becomes its own span between the client's and the service's:
    // a server span for the downstream request and a client span per upstream attempt.
    spawn_upstream_span: true,
  };
}

/** Name of the plaintext listener, for tests that look up its bound port. */
export const frontProxyListenerName = "grpc_plaintext";

/** Name of the TLS listener, for tests that look up its bound port. */
export const frontProxyTlsListenerName = "grpc_tls";

/** Cluster of the edge server (see {@link FrontProxyOptions.edge}). */
export const edgeClusterName = "platform_edge";

/** gRPC services every replica serves besides its own, answered at the edge by one cluster. */
export const platformGrpcServices: readonly string[] = [
  "grpc.health.v1.Health",
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection",
];
