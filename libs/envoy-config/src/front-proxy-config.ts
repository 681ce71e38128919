import { stringify } from "yaml";

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
}

/** Options for {@link renderFrontProxyConfig}. */
export interface FrontProxyOptions {
  readonly services: readonly UpstreamService[];
  /** Port of the plaintext listener (h2c and HTTP/1.1); 0 picks a free one. */
  readonly listenerPort: number;
  /** Port of the admin interface, always bound to 127.0.0.1; 0 picks a free one. */
  readonly adminPort: number;
  /** Address the listener binds. Default "127.0.0.1". */
  readonly listenerAddress?: string;
}

/** Name of the plaintext listener, for tests that look up its bound port. */
export const frontProxyListenerName = "grpc_plaintext";

function socketAddress(address: string, port: number): object {
  return { socket_address: { address, port_value: port } };
}

function cluster(service: UpstreamService): object {
  return {
    name: service.name,
    type: "STATIC",
    connect_timeout: "1s",
    lb_policy: "ROUND_ROBIN",
    typed_extension_protocol_options: {
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
        "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
        // gRPC needs HTTP/2 to the upstream (h2c: the services speak plaintext HTTP/2).
        explicit_http_config: { http2_protocol_options: {} },
      },
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

function routes(services: readonly UpstreamService[]): object[] {
  return services.flatMap((service) =>
    service.grpcServices.map((grpcService) => ({
      match: { prefix: `/${grpcService}/`, grpc: {} },
      route: {
        cluster: service.name,
        // The default 15 s route timeout would cut long streams; the client's
        // grpc-timeout bounds each call instead (max_stream_duration below).
        timeout: "0s",
        max_stream_duration: { grpc_timeout_header_max: "0s" },
      },
    })),
  );
}

/**
 * Renders an Envoy v3 bootstrap for the front proxy: one plaintext listener
 * accepting HTTP/2 and HTTP/1.1, one route per gRPC service prefix, one HTTP/2
 * cluster per service, admin on loopback only.
 */
export function renderFrontProxyConfig(options: FrontProxyOptions): string {
  const bootstrap = {
    admin: { address: socketAddress("127.0.0.1", options.adminPort) },
    static_resources: {
      listeners: [
        {
          name: frontProxyListenerName,
          address: socketAddress(options.listenerAddress ?? "127.0.0.1", options.listenerPort),
          filter_chains: [
            {
              filters: [
                {
                  name: "envoy.filters.network.http_connection_manager",
                  typed_config: {
                    "@type":
                      "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                    stat_prefix: "ingress_grpc",
                    // AUTO: h2c for gRPC clients, HTTP/1.1 for gRPC-Web and Connect.
                    codec_type: "AUTO",
                    route_config: {
                      name: "grpc_routes",
                      virtual_hosts: [
                        { name: "switchyard", domains: ["*"], routes: routes(options.services) },
                      ],
                    },
                    http_filters: [
                      {
                        name: "envoy.filters.http.router",
                        typed_config: {
                          "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
                        },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
      clusters: options.services.map(cluster),
    },
  };
  return stringify(bootstrap, { lineWidth: 0 });
}
