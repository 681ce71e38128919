import type { PlatformService } from "@switchyard/topology";
import type { UpstreamService } from "./front-proxy-options.js";

/**
 * Upstreams of the local platform: replica `i` of a service listens on
 * `127.0.0.1:<service port + i * 100>`, so replicas of different services never collide.
 */
export function localPlatformUpstreams(
  services: readonly PlatformService[],
  replicas: number,
): UpstreamService[] {
  return services.map((service) => ({
    name: service.name,
    grpcServices: service.grpcServices,
    endpoints: Array.from({ length: replicas }, (_, index) => ({
      host: "127.0.0.1",
      port: service.port + index * 100,
    })),
  }));
}
