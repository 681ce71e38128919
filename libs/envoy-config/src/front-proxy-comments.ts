import type { WhyComments } from "./envoy-yaml.js";

/** The reason for each non-obvious setting of the front proxy, rendered into envoy/envoy.yaml. */
export const frontProxyComments: WhyComments = {
  "admin.address": "Admin can change Envoy's state (e.g. /healthcheck/fail): loopback only.",
  codec_type: "AUTO: h2c (or ALPN h2) for gRPC clients, HTTP/1.1 for gRPC-Web and Connect.",
  use_remote_address: "Envoy is the edge: x-forwarded-for comes from the peer, not from the client.",
  max_connection_duration:
    "Drain (GOAWAY) long-lived client connections at this age, so clients rebalance over new proxies.",
  drain_timeout: "Grace between the first and the final GOAWAY, for calls racing the drain.",
  stream_idle_timeout:
    "The ALB's default idle timeout: a stream quiet for longer fails here as on AWS, so streams send heartbeats.",
  "typed_config.http2_protocol_options":
    "One gRPC client multiplexes all calls on one connection; 100 streams (edge hardening) would queue them.",
  access_log: "One JSON line per call on stdout, with the gRPC status from headers or trailers.",
  grpc_status: "%GRPC_STATUS% reads grpc-status from headers or trailers (e.g. Unavailable).",
  "virtual_hosts.retry_policy":
    "Default for every route: retry only what a replica refused before running it (see retry_on).",
  "retry_policy.retry_on":
    "UNAVAILABLE, shed calls (retriable_headers), connect failures, refused streams, resets before the request: no replica ran it. Unary routes add reset: every unary method is idempotent (PlaceOrder by request_id, ReserveStock by order_id). Never RESOURCE_EXHAUSTED as such (size errors), CANCELLED, DEADLINE_EXCEEDED, INTERNAL.",
  retriable_headers:
    "A call the runtime shed (RESOURCE_EXHAUSTED 'server overloaded…', Trailers-Only, before any work) is retried on another replica; a size error, RESOURCE_EXHAUSTED too, never is.",
  "retry_policy.retriable_status_codes":
    "Connect carries UNAVAILABLE as HTTP 503. Not 429: Connect's RESOURCE_EXHAUSTED cannot tell a shed call from a size error.",
  per_try_timeout: "Unary methods only: a stuck replica costs one try; on a stream it would cut the stream.",
  retry_host_predicate: "Each retry goes to a replica that has not failed this call yet.",
  "route.timeout":
    "The 15 s default route timeout would cut streams; the client's deadline bounds each call.",
  max_stream_duration:
    "Unary: Envoy ends the call at the client's grpc-timeout (0s: no cap). Streams: client and server do (README).",
  "match.path": "A unary method: its own route for the per-try timeout.",
  "match.headers": "gRPC-Web and Connect (HTTP/1.1 or h2, JSON or binary) do not match `grpc: {}`.",
  "name=:method": "CORS preflight: the cors filter needs a routed (not direct_response) route to answer it.",
  expose_headers: "Browsers hide response headers not listed here; gRPC-Web carries status in them.",
  "name=envoy.filters.http.grpc_web":
    "gRPC-Web (HTTP/1.1, trailers in the body) becomes gRPC before routing.",
  "name=envoy.filters.http.cors":
    "Before the router, so local replies (no route, no healthy upstream) get CORS headers too (envoy#10128).",
  "name=envoy.filters.http.grpc_stats":
    "Per-method counters for the methods the protos define only, so made-up names cannot grow the stats.",
  lb_policy: "Per-call round robin: the even spread tools/lb-lab measures.",
  healthy_panic_threshold:
    "0: never route to replicas that said NOT_SERVING (draining, database down); with none left, fail fast with UNAVAILABLE. Overload cannot empty the cluster instead: see unhealthy_threshold.",
  unhealthy_threshold:
    "Counts missed checks only (timeouts, refused connections): five in a row, so a flood that delays health answers never ejects every replica. A NOT_SERVING answer ejects at once, whatever the threshold.",
  "health_checks.timeout":
    "A saturated event loop answers late: a late SERVING is still SERVING (the runtime never sheds health checks).",
  explicit_http_config: "gRPC needs HTTP/2 to the upstream (h2c: the services speak plaintext HTTP/2).",
  "explicit_http_config.http2_protocol_options":
    "100 = the runtime's MAX_CONCURRENT_STREAMS: more streams are refused (REFUSED_STREAM); Envoy opens another connection.",
  max_requests:
    "500 per replica: beyond that a flood gets a fast UNAVAILABLE (overflow, retried nowhere) instead of queueing in a saturated replica's event loop until every call misses its deadline.",
  rate_limited_as_resource_exhausted:
    "gRPC reads Envoy's 429 as UNAVAILABLE (retry at once); this answers RESOURCE_EXHAUSTED: back off.",
  "typed_per_filter_config.envoy.filters.http.local_ratelimit":
    "This route's own token bucket: one method over its limit leaves the others untouched.",
  retry_budget:
    "20 % of active requests, so retries cannot amplify an outage at scale; at least 100 at once, one upstream connection's worth of streams, so a replica killed under small load has every call it held retried (min 3 starved them: retry_overflow).",
  no_traffic_interval: "Check at the normal interval even before the cluster's first call (default 60 s).",
  grpc_health_check:
    "Reads SERVING/NOT_SERVING from the body (an ALB does not); service_name '' is the whole server.",
  consecutive_gateway_failure:
    "UNAVAILABLE/DEADLINE_EXCEEDED in response headers map to 503/504: three in a row eject the replica.",
  consecutive_5xx:
    "INTERNAL/UNKNOWN/UNIMPLEMENTED (500/501) are application answers: counted, never enforced.",
  split_external_local_origin_errors: "Connect failures and resets are judged apart from upstream answers.",
  max_ejection_percent: "Outlier signals alone never eject more than half of the replicas.",
  alpn_protocols: "h2 for gRPC clients, http/1.1 for gRPC-Web and Connect from browsers.",
  "name=envoy.resource_monitors.global_downstream_max_connections":
    "Envoy's own guard against connection floods at the edge.",
  "name=envoy.resource_monitors.fixed_heap":
    "Envoy's heap against a 512 MiB budget (about 70 MB idle): the actions below act on its share.",
  "name=envoy.overload_actions.shrink_heap":
    "Above 30 % (~150 MiB, twice the idle heap) free memory goes back to the OS, so a flood's high-water mark does not stay.",
  "name=envoy.overload_actions.stop_accepting_requests":
    "Near the budget new requests get a fast local 503 (gRPC UNAVAILABLE) instead of Envoy growing until it is killed.",
  http_protocol_options:
    "enable_trailers: gRPC over HTTP/1.1 gets its grpc-status in chunked trailers instead of losing it.",
};
