import { stringify } from "yaml";
import { socketAddress } from "./envoy-yaml.js";
import type { UpstreamEndpoint } from "./front-proxy-options.js";

/** Options for {@link renderTcpProxyConfig}. */
export interface TcpProxyOptions {
  /** The replicas behind the proxy. */
  readonly endpoints: readonly UpstreamEndpoint[];
  /** Port of the listener; 0 picks a free one. */
  readonly listenerPort: number;
  /** Port of the admin interface, bound to 127.0.0.1; 0 picks a free one. */
  readonly adminPort: number;
  /**
   * Active TCP health check interval in milliseconds, so replicas started later join the
   * cluster once they accept connections. Default 500.
   */
  readonly healthCheckIntervalMs?: number;
}

/** Name of the TCP proxy's listener. */
export const tcpProxyListenerName = "tcp_l4";

/**
 * Renders the L4 contrast: Envoy as a plain TCP proxy (`tcp_proxy`), the way a network load
 * balancer sees gRPC. Each downstream connection is pinned to one replica for its whole life,
 * so every call multiplexed on it lands there. Used by tools/lb-lab; never the front proxy.
 */
export function renderTcpProxyConfig(options: TcpProxyOptions): string {
  const interval = `${(options.healthCheckIntervalMs ?? 500) / 1000}s`;
  return stringify(
    {
      admin: { address: socketAddress("127.0.0.1", options.adminPort) },
      static_resources: {
        listeners: [
          {
            name: tcpProxyListenerName,
            address: socketAddress("127.0.0.1", options.listenerPort),
            filter_chains: [
              {
                filters: [
                  {
                    name: "envoy.filters.network.tcp_proxy",
                    typed_config: {
                      "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
                      stat_prefix: "l4",
                      cluster: "replicas",
                    },
                  },
                ],
              },
            ],
          },
        ],
        clusters: [
          {
            name: "replicas",
            type: "STATIC",
            connect_timeout: "1s",
            lb_policy: "ROUND_ROBIN",
            common_lb_config: { healthy_panic_threshold: { value: 0 } },
            // A TCP connect check: an L4 balancer cannot know more than "the port accepts".
            health_checks: [
              {
                timeout: "1s",
                interval,
                no_traffic_interval: interval,
                unhealthy_threshold: 1,
                healthy_threshold: 1,
                tcp_health_check: {},
              },
            ],
            load_assignment: {
              cluster_name: "replicas",
              endpoints: [
                {
                  lb_endpoints: options.endpoints.map((endpoint) => ({
                    endpoint: { address: socketAddress(endpoint.host, endpoint.port) },
                  })),
                },
              ],
            },
          },
        ],
      },
    },
    { lineWidth: 0 },
  );
}
