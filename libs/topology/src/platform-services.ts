/** The server stack a service runs on. */
export type ServiceStack = "connect-node" | "grpc-js";

/**
 * One deployable service of the platform. Envoy routes, the local platform,
 * compose, CDK and Kustomize are all derived from these entries, so adding a
 * service here is the only place its ports and routes are written down.
 */
export interface PlatformService {
  /** Short name: the app folder under `apps/`, the Envoy cluster, the image name. */
  readonly name: string;
  /** The stack the service's server runs on. */
  readonly stack: ServiceStack;
  /** Container port, and the first replica's port on the local platform. */
  readonly port: number;
  /**
   * Fully-qualified gRPC services the app serves (besides health and
   * reflection). Each becomes a route prefix `/<service>/` in front proxies.
   */
  readonly grpcServices: readonly string[];
}

/** Every service of the platform, in start order (dependencies first). */
export const platformServices: readonly PlatformService[] = [
  {
    name: "catalog",
    stack: "connect-node",
    port: 50051,
    grpcServices: ["switchyard.catalog.v1.CatalogService"],
  },
  {
    name: "pricing",
    stack: "grpc-js",
    port: 50052,
    grpcServices: ["switchyard.pricing.v1.PricingService"],
  },
  {
    name: "checkout",
    stack: "connect-node",
    port: 50053,
    grpcServices: ["switchyard.checkout.v1.CheckoutService"],
  },
];

/** The service named `name`; throws when there is none, naming the known ones. */
export function findPlatformService(name: string): PlatformService {
  const service = platformServices.find((candidate) => candidate.name === name);
  if (service === undefined) {
    const known = platformServices.map((candidate) => candidate.name).join(", ");
    throw new Error(`unknown platform service "${name}" (known: ${known})`);
  }
  return service;
}
