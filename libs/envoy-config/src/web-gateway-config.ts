import { renderFrontProxyConfig } from "./front-proxy-config.js";
import type { UpstreamService } from "./front-proxy-options.js";

/** Options for {@link renderWebGatewayConfig}. */
export interface WebGatewayOptions {
  /** The services, each with the address that leads to it and how (`discovery`). */
  readonly services: readonly UpstreamService[];
  /** The listener, on all addresses (HTTP/1.1 and h2c): the load balancer's target port. */
  readonly listenerPort: number;
  /** The admin, on loopback only. */
  readonly adminPort: number;
  /** The path the load balancer health-checks, answered by Envoy itself. */
  readonly healthPath: string;
  /** The browser origins CORS admits, exactly (e.g. `https://shop.example.com`); no other origin may read an answer. */
  readonly allowedOrigins: readonly string[];
}

/** No origin matches it: CORS admits only {@link WebGatewayOptions.allowedOrigins}. */
const noOriginRegex = "^$";

/**
 * The front proxy as a web gateway behind a load balancer (an ALB target group): every
 * service's routes with the `grpc_web` and `cors` filters, retries and rate limits as
 * locally, listening on all addresses with the admin on loopback, the load balancer's
 * health path answered by Envoy, CORS for the named origins only, and no maximum
 * connection age: the gateway's clients are the load balancer's pooled connections, which
 * it closes itself after its idle timeout, shorter than Envoy's (1 h); Envoy closing one
 * first would race a request the load balancer is sending (502).
 */
export function renderWebGatewayConfig(options: WebGatewayOptions): string {
  return renderFrontProxyConfig({
    services: options.services,
    listenerPort: options.listenerPort,
    listenerAddress: "0.0.0.0",
    adminPort: options.adminPort,
    loadBalancerHealthPath: options.healthPath,
    corsAllowedOriginRegex: noOriginRegex,
    corsAllowedOrigins: options.allowedOrigins,
    timings: { maxConnectionDurationMs: 0 },
  });
}
