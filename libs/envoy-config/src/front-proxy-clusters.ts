import { envoyDuration, socketAddress } from "./envoy-yaml.js";
import {
  type UpstreamService,
  type FrontProxyTlsOptions,
  type FrontProxyTimings,
  type UpstreamTlsOptions,
} from "./front-proxy-options.js";

/**
 * Calls Envoy keeps in flight per replica; more get a fast local UNAVAILABLE (circuit breaker
 * overflow). A flooded Node replica queues requests in its event loop before its own in-flight
 * limit (MAX_IN_FLIGHT_CALLS, 1,000) sees them and answers them after their deadline, so the cap
 * sits below that limit; and above a burst of 400 calls one client multiplexes onto a replica
 * (`self-healing.test.ts`), so a burst is still served.
 */
export const maxRequestsPerReplica = 500;

/**
 * Envoy as a TLS client of `service`'s replicas: its own certificate, the replica's chained to
 * the CA and naming the service (DNS subjectAltName, also sent as SNI), ALPN h2. Active health
 * checks use the cluster's transport socket, so they go over the same mutual TLS.
 */
function upstreamTlsTransportSocket(service: UpstreamService, tls: UpstreamTlsOptions): object {
  return {
    name: "envoy.transport_sockets.tls",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
      sni: service.name,
      common_tls_context: {
        alpn_protocols: ["h2"],
        tls_certificates: [
          {
            certificate_chain: { filename: tls.certificateChainPath },
            private_key: { filename: tls.privateKeyPath },
          },
        ],
        validation_context: {
          trusted_ca: { filename: tls.caCertificatePath },
          match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: service.name } }],
        },
      },
    },
  };
}

const outlierDetection = {
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
};

const clusterTypes = { static: "STATIC", dns: "STRICT_DNS", "balancing-proxy": "LOGICAL_DNS" } as const;

export function cluster(
  service: UpstreamService,
  timings: FrontProxyTimings,
  upstreamTls?: UpstreamTlsOptions,
): object {
  const discovery = service.discovery ?? "static";
  const judgesReplicas = discovery !== "balancing-proxy";
  return {
    name: service.name,
    type: clusterTypes[discovery],
    ...(discovery === "static"
      ? {}
      : // Addresses follow the name's TTL (a Kubernetes headless Service answers with 30 s or less).
        { dns_lookup_family: "V4_ONLY", respect_dns_ttl: true }),
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
          max_requests: maxRequestsPerReplica * Math.max(1, service.endpoints.length),
          max_pending_requests: 10_000,
          retry_budget: { budget_percent: { value: 20 }, min_retry_concurrency: 100 },
        },
      ],
    },
    ...(service.activeHealthCheck === false || !judgesReplicas
      ? {}
      : {
          health_checks: [
            {
              timeout: envoyDuration(timings.healthCheckTimeoutMs),
              interval: envoyDuration(timings.healthCheckIntervalMs),
              no_traffic_interval: envoyDuration(timings.healthCheckIntervalMs),
              unhealthy_threshold: 5,
              healthy_threshold: 1,
              grpc_health_check: { service_name: service.healthCheckServiceName ?? "" },
            },
          ],
        }),
    ...(judgesReplicas ? { outlier_detection: outlierDetection } : {}),
    ...(upstreamTls === undefined
      ? {}
      : { transport_socket: upstreamTlsTransportSocket(service, upstreamTls) }),
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

export function tlsTransportSocket(tls: FrontProxyTlsOptions): object {
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
