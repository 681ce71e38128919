import { envoyDuration, renderYamlWithComments, socketAddress } from "./envoy-yaml.js";
import { frontProxyComments } from "./front-proxy-comments.js";
import { unaryMethodNames, grpcMethodNames } from "./grpc-methods.js";

/** One replica of a service, as Envoy reaches it. */
export interface UpstreamEndpoint {
  readonly host: string;
  readonly port: number;
}

/** A service behind the front proxy: an Envoy cluster and its route prefixes. */
export interface UpstreamService {
  /** Cluster name, e.g. "catalog". */
  readonly name: string;
  /** Fully-qualified gRPC services routed to the cluster, e.g. "switchyard.catalog.v1.CatalogService". */
  readonly grpcServices: readonly string[];
  /** The replicas. */
  readonly endpoints: readonly UpstreamEndpoint[];
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
 * Timings of the front proxy, in milliseconds. The defaults suit the local platform:
 * short health-check intervals so a replica leaves rotation within about two seconds.
 */
export interface FrontProxyTimings {
  /** Active health check interval. Default 1000. */
  readonly healthCheckIntervalMs: number;
  /** Active health check timeout. Default 1000. */
  readonly healthCheckTimeoutMs: number;
  /** Per-try timeout of unary calls (streams have none). Default 5000. */
  readonly unaryPerTryTimeoutMs: number;
  /** Age after which Envoy drains a downstream connection (GOAWAY). Default 300000. */
  readonly maxConnectionDurationMs: number;
  /** Grace period between the first GOAWAY and the final one when draining. Default 5000. */
  readonly drainTimeoutMs: number;
  /** A stream without any frame for this long is reset. Default 60000. */
  readonly streamIdleTimeoutMs: number;
}

/** Default {@link FrontProxyTimings} of the local platform. */
export const defaultFrontProxyTimings: FrontProxyTimings = {
  healthCheckIntervalMs: 1000,
  healthCheckTimeoutMs: 1000,
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
   * Cluster that answers `grpc.health.v1.Health` and server reflection at the edge.
   * Default: the first service. See envoy/README.md for why one cluster answers them.
   */
  readonly platformCluster?: string;
  /**
   * A server that answers health and reflection for the whole platform (the local platform's
   * edge server): when set, those routes go to cluster {@link edgeClusterName} at this address
   * instead of {@link platformCluster}, so `grpcurl list` through Envoy lists every service.
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
  /** Traces every request with Envoy's OpenTelemetry tracer. Default: no tracing. */
  readonly tracing?: FrontProxyTracingOptions;
}

/** Where Envoy sends its spans, see {@link FrontProxyOptions.tracing}. */
export interface FrontProxyTracingOptions {
  /** An OTLP/gRPC receiver (an OpenTelemetry Collector, h2c). */
  readonly collector: UpstreamEndpoint;
  /** `service.name` of Envoy's spans. Default "switchyard-envoy". */
  readonly serviceName?: string;
}

/** Cluster of the OTLP collector (see {@link FrontProxyOptions.tracing}). */
export const otelCollectorClusterName = "otel_collector";

function tracing(options: FrontProxyTracingOptions): object {
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

const defaultCorsOriginRegex = String.raw`^https?://(localhost|127\.0\.0\.1)(:[0-9]+)?$`;

// Safe to send to another replica: refused before running (UNAVAILABLE, RESOURCE_EXHAUSTED from
// load shedding) or never arrived (connect-failure, refused-stream, reset-before-request).
const grpcRetryOn = "unavailable,resource-exhausted,connect-failure,refused-stream,reset-before-request";
// Browser protocols: gRPC-Web answers in gRPC form upstream; Connect carries the two codes as 503, 429.
const browserRetryOn = `${grpcRetryOn},retriable-status-codes`;
const connectRetriableStatusCodes = [503, 429];

/** Content types of gRPC-Web (binary and text) and of the Connect protocol (JSON or binary). */
const browserContentTypes =
  "^application/(grpc-web(-text)?|connect\\+json|connect\\+proto|json|proto)([+;].*)?$";

function retryPolicy(retryOn: string, perTryTimeoutMs: number | undefined): object {
  return {
    retry_on: retryOn,
    ...(retryOn === browserRetryOn ? { retriable_status_codes: connectRetriableStatusCodes } : {}),
    num_retries: 2,
    ...(perTryTimeoutMs === undefined ? {} : { per_try_timeout: envoyDuration(perTryTimeoutMs) }),
    retry_back_off: { base_interval: "0.025s", max_interval: "0.25s" },
    retry_host_predicate: [
      {
        name: "envoy.retry_host_predicates.previous_hosts",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
        },
      },
    ],
    host_selection_retry_max_attempts: 3,
  };
}

/**
 * A route to `cluster`. Only unary routes let Envoy enforce `grpc-timeout`: on a stream whose
 * deadline passes after its response headers went out, Envoy can only reset the stream, and
 * the client sees INTERNAL instead of DEADLINE_EXCEEDED; both stacks enforce stream deadlines
 * themselves (client and server), so streams lose nothing.
 */
function routeAction(cluster: string, options: { retry?: object; enforceGrpcTimeout: boolean }): object {
  return {
    cluster,
    timeout: "0s",
    ...(options.enforceGrpcTimeout ? { max_stream_duration: { grpc_timeout_header_max: "0s" } } : {}),
    ...(options.retry === undefined ? {} : { retry_policy: options.retry }),
  };
}

function serviceRoutes(cluster: string, grpcService: string, timings: FrontProxyTimings): object[] {
  const prefix = `/${grpcService}/`;
  const unaryRetry = retryPolicy(grpcRetryOn, timings.unaryPerTryTimeoutMs);
  return [
    ...unaryMethodNames(grpcService).map((method) => ({
      match: { path: `${prefix}${method}`, grpc: {} },
      route: routeAction(cluster, { retry: unaryRetry, enforceGrpcTimeout: true }),
    })),
    { match: { prefix, grpc: {} }, route: routeAction(cluster, { enforceGrpcTimeout: false }) },
    {
      match: { prefix, headers: [{ name: ":method", string_match: { exact: "OPTIONS" } }] },
      route: routeAction(cluster, { enforceGrpcTimeout: false }),
    },
    {
      match: {
        prefix,
        headers: [
          {
            name: "content-type",
            string_match: { safe_regex: { regex: browserContentTypes } },
          },
        ],
      },
      route: routeAction(cluster, {
        retry: retryPolicy(browserRetryOn, undefined),
        enforceGrpcTimeout: false,
      }),
    },
  ];
}

function grpcStatsAllowlist(
  services: readonly UpstreamService[],
  platformCluster: string | undefined,
): object {
  const grpcServices = [
    ...services.flatMap((service) => service.grpcServices),
    ...(platformCluster === undefined ? [] : platformGrpcServices),
  ];
  return {
    services: grpcServices
      .map((name) => ({ name, method_names: grpcMethodNames(name) }))
      .filter((entry) => entry.method_names.length > 0),
  };
}

function accessLog(traced: boolean): object[] {
  return [
    {
      name: "envoy.access_loggers.stdout",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
        log_format: {
          json_format: {
            start_time: "%START_TIME%",
            method: "%REQ(:PATH)%",
            protocol: "%PROTOCOL%",
            content_type: "%REQ(CONTENT-TYPE)%",
            http_status: "%RESPONSE_CODE%",
            grpc_status: "%GRPC_STATUS%",
            response_flags: "%RESPONSE_FLAGS%",
            duration_ms: "%DURATION%",
            upstream_host: "%UPSTREAM_HOST%",
            upstream_cluster: "%UPSTREAM_CLUSTER%",
            served_by: "%RESP(X-SERVED-BY)%",
            attempts: "%UPSTREAM_REQUEST_ATTEMPT_COUNT%",
            request_id: "%REQ(X-REQUEST-ID)%",
            ...(traced ? { trace_id: "%TRACE_ID%" } : {}),
          },
        },
      },
    },
  ];
}

function httpConnectionManager(options: FrontProxyOptions, timings: FrontProxyTimings, statPrefix: string) {
  const platformCluster =
    options.edge === undefined ? (options.platformCluster ?? options.services[0]?.name) : edgeClusterName;
  const routes = [
    ...options.services.flatMap((service) =>
      service.grpcServices.flatMap((grpcService) => serviceRoutes(service.name, grpcService, timings)),
    ),
    ...(platformCluster === undefined
      ? []
      : platformGrpcServices.flatMap((grpcService) => serviceRoutes(platformCluster, grpcService, timings))),
  ];
  return {
    name: "envoy.filters.network.http_connection_manager",
    typed_config: {
      "@type":
        "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      stat_prefix: statPrefix,
      codec_type: "AUTO",
      use_remote_address: true,
      common_http_protocol_options: {
        max_connection_duration: envoyDuration(timings.maxConnectionDurationMs),
      },
      drain_timeout: envoyDuration(timings.drainTimeoutMs),
      stream_idle_timeout: envoyDuration(timings.streamIdleTimeoutMs),
      http2_protocol_options: {
        max_concurrent_streams: 1024,
      },
      ...(options.accessLog === false ? {} : { access_log: accessLog(options.tracing !== undefined) }),
      ...(options.tracing === undefined ? {} : { tracing: tracing(options.tracing) }),
      route_config: {
        name: "grpc_routes",
        virtual_hosts: [
          {
            name: "switchyard",
            domains: ["*"],
            routes,
            retry_policy: retryPolicy(grpcRetryOn, undefined),
            typed_per_filter_config: {
              "envoy.filters.http.cors": {
                "@type": "type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy",
                allow_origin_string_match: [
                  { safe_regex: { regex: options.corsAllowedOriginRegex ?? defaultCorsOriginRegex } },
                ],
                allow_methods: "POST, GET, OPTIONS",
                allow_headers:
                  "content-type, x-grpc-web, x-user-agent, grpc-timeout, connect-protocol-version, connect-timeout-ms",
                expose_headers: "grpc-status, grpc-message, grpc-status-details-bin, x-served-by",
                max_age: "86400",
              },
            },
          },
        ],
      },
      http_filters: [
        {
          name: "envoy.filters.http.grpc_web",
          typed_config: {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.grpc_web.v3.GrpcWeb",
          },
        },
        {
          name: "envoy.filters.http.cors",
          typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors" },
        },
        {
          name: "envoy.filters.http.grpc_stats",
          typed_config: {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.grpc_stats.v3.FilterConfig",
            emit_filter_state: true,
            individual_method_stats_allowlist: grpcStatsAllowlist(options.services, platformCluster),
          },
        },
        {
          name: "envoy.filters.http.router",
          typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" },
        },
      ],
    },
  };
}

function cluster(service: UpstreamService, timings: FrontProxyTimings): object {
  return {
    name: service.name,
    type: "STATIC",
    connect_timeout: "1s",
    lb_policy: "ROUND_ROBIN",
    common_lb_config: {
      healthy_panic_threshold: { value: 0 },
    },
    typed_extension_protocol_options: {
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
        "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
        explicit_http_config: { http2_protocol_options: { max_concurrent_streams: 100 } },
      },
    },
    circuit_breakers: {
      thresholds: [
        {
          max_requests: 10_000,
          max_pending_requests: 10_000,
          retry_budget: { budget_percent: { value: 20 }, min_retry_concurrency: 3 },
        },
      ],
    },
    ...(service.activeHealthCheck === false
      ? {}
      : {
          health_checks: [
            {
              timeout: envoyDuration(timings.healthCheckTimeoutMs),
              interval: envoyDuration(timings.healthCheckIntervalMs),
              no_traffic_interval: envoyDuration(timings.healthCheckIntervalMs),
              unhealthy_threshold: 2,
              healthy_threshold: 1,
              grpc_health_check: { service_name: service.healthCheckServiceName ?? "" },
            },
          ],
        }),
    outlier_detection: {
      consecutive_gateway_failure: 3,
      enforcing_consecutive_gateway_failure: 100,
      consecutive_5xx: 5,
      enforcing_consecutive_5xx: 0,
      split_external_local_origin_errors: true,
      consecutive_local_origin_failure: 3,
      enforcing_consecutive_local_origin_failure: 100,
      interval: "1s",
      base_ejection_time: "10s",
      max_ejection_percent: 50,
    },
    load_assignment: {
      cluster_name: service.name,
      endpoints: [
        {
          lb_endpoints: service.endpoints.map((endpoint) => ({
            endpoint: { address: socketAddress(endpoint.host, endpoint.port) },
          })),
        },
      ],
    },
  };
}

function tlsTransportSocket(tls: FrontProxyTlsOptions): object {
  return {
    name: "envoy.transport_sockets.tls",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
      common_tls_context: {
        alpn_protocols: ["h2", "http/1.1"],
        tls_certificates: [
          {
            certificate_chain: { filename: tls.certificateChainPath },
            private_key: { filename: tls.privateKeyPath },
          },
        ],
      },
    },
  };
}

/**
 * Renders an Envoy v3 bootstrap for the front proxy: a plaintext listener (h2c and HTTP/1.1)
 * and optionally a TLS listener, one route set per gRPC service prefix (gRPC, gRPC-Web and
 * Connect) plus health and reflection, one health-checked HTTP/2 cluster per service, JSON
 * access logs on stdout, and admin on loopback only. envoy/README.md explains each choice.
 */
export function renderFrontProxyConfig(options: FrontProxyOptions): string {
  const timings: FrontProxyTimings = { ...defaultFrontProxyTimings, ...options.timings };
  const address = options.listenerAddress ?? "127.0.0.1";
  const listeners: object[] = [
    {
      name: frontProxyListenerName,
      address: socketAddress(address, options.listenerPort),
      filter_chains: [{ filters: [httpConnectionManager(options, timings, "ingress_grpc")] }],
    },
  ];
  if (options.tls !== undefined) {
    listeners.push({
      name: frontProxyTlsListenerName,
      address: socketAddress(address, options.tls.port),
      filter_chains: [
        {
          filters: [httpConnectionManager(options, timings, "ingress_grpc_tls")],
          transport_socket: tlsTransportSocket(options.tls),
        },
      ],
    });
  }
  const bootstrap = {
    admin: { address: socketAddress(options.adminAddress ?? "127.0.0.1", options.adminPort) },
    static_resources: {
      listeners,
      clusters: [
        ...options.services.map((service) => cluster(service, timings)),
        ...(options.tracing === undefined
          ? []
          : [
              cluster(
                {
                  name: otelCollectorClusterName,
                  grpcServices: [],
                  endpoints: [options.tracing.collector],
                  activeHealthCheck: false,
                },
                timings,
              ),
            ]),
        ...(options.edge === undefined
          ? []
          : [
              cluster(
                {
                  name: edgeClusterName,
                  grpcServices: [],
                  endpoints: [options.edge],
                  activeHealthCheck: false,
                },
                timings,
              ),
            ]),
      ],
    },
    overload_manager: {
      resource_monitors: [
        {
          name: "envoy.resource_monitors.global_downstream_max_connections",
          typed_config: {
            "@type":
              "type.googleapis.com/envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig",
            max_active_downstream_connections: 10_000,
          },
        },
      ],
    },
  };
  return renderYamlWithComments(bootstrap, frontProxyComments);
}
