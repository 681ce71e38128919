import { envoyDuration, renderYamlWithComments, socketAddress } from "./envoy-yaml.js";
import { frontProxyComments } from "./front-proxy-comments.js";
import { unaryMethodNames, grpcMethodNames } from "./grpc-methods.js";
import {
  type UpstreamService,
  type FrontProxyTimings,
  defaultFrontProxyTimings,
  type FrontProxyOptions,
  otelCollectorClusterName,
  tracing,
  frontProxyListenerName,
  frontProxyTlsListenerName,
  edgeClusterName,
  platformGrpcServices,
  defaultRouteRateLimit,
  type RouteRateLimits,
} from "./front-proxy-options.js";
import { cluster, tlsTransportSocket } from "./front-proxy-clusters.js";
import { jwksCluster, jwtAuthnFilter } from "./edge-jwt.js";

/** The heap Envoy's overload manager measures against (512 MiB): about 7 × its idle heap. */
const envoyMaxHeapBytes = 512 * 1024 * 1024;

/**
 * Memory (MiB) a container running the front proxy needs at least: the overload manager's heap
 * bound plus 128 MiB for Envoy's memory outside the heap. A smaller limit lets the kernel kill
 * Envoy before the overload manager stops accepting requests (at 95 % of the bound).
 */
export const frontProxyContainerMemoryMiB = envoyMaxHeapBytes / (1024 * 1024) + 128;

const defaultCorsOriginRegex = String.raw`^https?://(localhost|127\.0\.0\.1)(:[0-9]+)?$`;

// Safe to send to another replica whatever the method: refused before running (UNAVAILABLE; a
// call shed by the runtime's in-flight limit, matched by its message, see retriable_headers) or
// never arrived (connect-failure, refused-stream, reset-before-request). Never RESOURCE_EXHAUSTED
// as such: a message over the size limit fails the same way everywhere, and a retry of a large
// request overflows Envoy's retry buffer and turns into UNKNOWN.
const grpcRetryOn = "unavailable,connect-failure,refused-stream,reset-before-request,retriable-headers";
// Unary methods also retry a reset after the request was sent (a replica killed mid-call): each
// unary method of the platform is idempotent (reads; ReserveStock by order_id; ReleaseStock;
// PlaceOrder by its request_id), so a second attempt cannot do the work twice.
const unaryRetryOn = `${grpcRetryOn},reset`;
// Browser protocols: gRPC-Web answers in gRPC form upstream; Connect carries UNAVAILABLE as 503.
// Not 429: Connect's RESOURCE_EXHAUSTED cannot tell a shed call from a size error.
const browserRetryOn = `${grpcRetryOn},retriable-status-codes`;
const connectRetriableStatusCodes = [503];
/**
 * The start of `shedCallMessage` (`@switchyard/service-runtime`), the message of a call the
 * runtime shed (RESOURCE_EXHAUSTED, Trailers-Only, before any work), as either stack encodes
 * it in `grpc-message`: connect-node leaves spaces as they are, grpc-js percent-encodes them.
 * `overload-through-envoy.test.ts` proves a shed call is retried.
 */
const shedCallMessagePrefixes = ["server overloaded:", "server%20overloaded:"];

/** Content types of gRPC-Web (binary and text) and of the Connect protocol (JSON or binary). */
const browserContentTypes =
  "^application/(grpc-web(-text)?|connect\\+json|connect\\+proto|json|proto)([+;].*)?$";

function retryPolicy(retryOn: string, perTryTimeoutMs: number | undefined): object {
  return {
    retry_on: retryOn,
    ...(retryOn === browserRetryOn ? { retriable_status_codes: connectRetriableStatusCodes } : {}),
    retriable_headers: shedCallMessagePrefixes.map((prefix) => ({
      name: "grpc-message",
      string_match: { prefix },
    })),
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

const localRateLimitFilter = "envoy.filters.http.local_ratelimit";

/** The per-route local rate limit of `path`: its own token bucket, RESOURCE_EXHAUSTED when empty. */
function routeRateLimit(limits: RouteRateLimits, path: string): object {
  const limit = limits.perPath?.[path] ?? limits;
  return {
    [localRateLimitFilter]: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
      stat_prefix: "route_rate_limit",
      token_bucket: { max_tokens: limit.burst, tokens_per_fill: limit.callsPerSecond, fill_interval: "1s" },
      filter_enabled: {
        default_value: { numerator: 100, denominator: "HUNDRED" },
        runtime_key: "route_rate_limit_enabled",
      },
      filter_enforced: {
        default_value: { numerator: 100, denominator: "HUNDRED" },
        runtime_key: "route_rate_limit_enforced",
      },
      // gRPC reads Envoy's 429 as UNAVAILABLE (retry at once); this says RESOURCE_EXHAUSTED: back off.
      rate_limited_as_resource_exhausted: true,
    },
  };
}

function serviceRoutes(
  cluster: string,
  grpcService: string,
  timings: FrontProxyTimings,
  limits: RouteRateLimits,
): object[] {
  const prefix = `/${grpcService}/`;
  const unaryRetry = retryPolicy(unaryRetryOn, timings.unaryPerTryTimeoutMs);
  return [
    ...unaryMethodNames(grpcService).map((method) => ({
      match: { path: `${prefix}${method}`, grpc: {} },
      route: routeAction(cluster, { retry: unaryRetry, enforceGrpcTimeout: true }),
      typed_per_filter_config: routeRateLimit(limits, `${prefix}${method}`),
    })),
    {
      match: { prefix, grpc: {} },
      route: routeAction(cluster, { enforceGrpcTimeout: false }),
      typed_per_filter_config: routeRateLimit(limits, prefix),
    },
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
      typed_per_filter_config: routeRateLimit(limits, prefix),
    },
  ];
}

/**
 * The storefront's files, which the edge server serves: the page and its hashed assets, on
 * the API's own origin, so the browser needs no CORS for its calls. Only these paths: a GET
 * on a service path (a Connect GET call) must never fall through to a web page.
 */
function storefrontRoutes(): object[] {
  const route = { cluster: edgeClusterName, timeout: "15s" };
  const getOrHead = [{ name: ":method", string_match: { safe_regex: { regex: "GET|HEAD" } } }];
  return [
    { match: { path: "/", headers: getOrHead }, route },
    { match: { path: "/index.html", headers: getOrHead }, route },
    { match: { prefix: "/assets/", headers: getOrHead }, route },
    // The local platform's dev login (a shopper's token), next to the page that uses it.
    { match: { path: "/dev-login", headers: getOrHead }, route },
  ];
}

/**
 * Answers a load balancer's health check on `path` itself (200, or 503 after `/healthcheck/fail`),
 * before any other filter: not proxied, not rate limited, no token.
 */
function loadBalancerHealthFilter(path: string): object {
  return {
    name: "envoy.filters.http.health_check",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.health_check.v3.HealthCheck",
      pass_through_mode: false,
      headers: [{ name: ":path", string_match: { exact: path } }],
    },
  };
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
  const limits = options.rateLimit ?? defaultRouteRateLimit;
  const routes = [
    ...options.services.flatMap((service) =>
      service.grpcServices.flatMap((grpcService) =>
        serviceRoutes(service.name, grpcService, timings, limits),
      ),
    ),
    ...(platformCluster === undefined
      ? []
      : platformGrpcServices.flatMap((grpcService) =>
          serviceRoutes(platformCluster, grpcService, timings, limits),
        )),
    ...(options.edge === undefined ? [] : storefrontRoutes()),
  ];
  return {
    name: "envoy.filters.network.http_connection_manager",
    typed_config: {
      "@type":
        "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      stat_prefix: statPrefix,
      codec_type: "AUTO",
      use_remote_address: true,
      common_http_protocol_options:
        timings.maxConnectionDurationMs === 0
          ? {}
          : { max_connection_duration: envoyDuration(timings.maxConnectionDurationMs) },
      drain_timeout: envoyDuration(timings.drainTimeoutMs),
      stream_idle_timeout: envoyDuration(timings.streamIdleTimeoutMs),
      http2_protocol_options: {
        max_concurrent_streams: 1024,
      },
      http_protocol_options: { enable_trailers: true },
      ...(options.accessLog === false ? {} : { access_log: accessLog(options.tracing !== undefined) }),
      ...(options.jwt === undefined
        ? {}
        : {
            // jwt_authn refuses a token for another audience with 403 (PERMISSION_DENIED to gRPC);
            // it is an invalid credential like any other: 401, UNAUTHENTICATED, as the services say.
            // Only Envoy's own replies are mapped; a replica's answers pass as they are.
            local_reply_config: {
              mappers: [
                {
                  filter: {
                    status_code_filter: {
                      comparison: {
                        op: "EQ",
                        value: { default_value: 403, runtime_key: "jwt_audience_status" },
                      },
                    },
                  },
                  status_code: 401,
                },
              ],
            },
          }),
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
                  ...(options.corsAllowedOrigins ?? []).map((origin) => ({ exact: origin })),
                ],
                allow_methods: "POST, GET, OPTIONS",
                // authorization: a page on another origin (a dev server, the storefront's own name on AWS)
                // sends its shopper's bearer token; without it the preflight refuses every call that needs one.
                allow_headers:
                  "content-type, authorization, x-grpc-web, x-user-agent, grpc-timeout, connect-protocol-version, connect-timeout-ms",
                expose_headers: "grpc-status, grpc-message, grpc-status-details-bin, x-served-by",
                max_age: "86400",
              },
            },
          },
        ],
      },
      http_filters: [
        ...(options.loadBalancerHealthPath === undefined
          ? []
          : [loadBalancerHealthFilter(options.loadBalancerHealthPath)]),
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
        ...(options.jwt === undefined
          ? []
          : [
              jwtAuthnFilter(
                options.jwt,
                options.services.flatMap((service) => service.grpcServices),
              ),
            ]),
        {
          // Off here; each gRPC route turns it on with a bucket of its own (typed_per_filter_config).
          name: localRateLimitFilter,
          typed_config: {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
            stat_prefix: "route_rate_limit",
          },
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
        ...options.services.map((service) => cluster(service, timings, options.upstreamTls)),
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
        ...(options.jwt === undefined ? [] : [jwksCluster(options.jwt)]),
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
      refresh_interval: "0.25s",
      resource_monitors: [
        {
          name: "envoy.resource_monitors.fixed_heap",
          typed_config: {
            "@type": "type.googleapis.com/envoy.extensions.resource_monitors.fixed_heap.v3.FixedHeapConfig",
            max_heap_size_bytes: envoyMaxHeapBytes,
          },
        },
        {
          name: "envoy.resource_monitors.global_downstream_max_connections",
          typed_config: {
            "@type":
              "type.googleapis.com/envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig",
            max_active_downstream_connections: 10_000,
          },
        },
      ],
      actions: [
        {
          name: "envoy.overload_actions.shrink_heap",
          triggers: [{ name: "envoy.resource_monitors.fixed_heap", threshold: { value: 0.3 } }],
        },
        {
          name: "envoy.overload_actions.stop_accepting_requests",
          triggers: [{ name: "envoy.resource_monitors.fixed_heap", threshold: { value: 0.95 } }],
        },
      ],
    },
  };
  return renderYamlWithComments(bootstrap, frontProxyComments);
}
