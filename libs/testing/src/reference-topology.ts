import type { DependencyEdge, PlatformService, ServiceStack } from "@switchyard/topology";

/** A service of the reference topology, serving `switchyard.<name>.v1.<Name>Service`. */
function referenceService(
  name: string,
  stack: ServiceStack,
  port: number,
  dependencies: readonly DependencyEdge[] = [],
): PlatformService {
  const typeName = `${name.charAt(0).toUpperCase()}${name.slice(1)}Service`;
  return { name, stack, port, grpcServices: [`switchyard.${name}.v1.${typeName}`], dependencies };
}

/**
 * A frozen three-service topology with one client (checkout calls catalog over `urls` and
 * pricing over a `grpc-target`), for tests of what derives from a topology: they must
 * handle dependencies whatever the current topology holds.
 */
export const referenceTopology: readonly PlatformService[] = [
  referenceService("catalog", "connect-node", 50051),
  referenceService("pricing", "grpc-js", 50052),
  referenceService("checkout", "connect-node", 50053, [
    { service: "catalog", variable: "CATALOG_URLS", form: "urls" },
    { service: "pricing", variable: "PRICING_TARGET", form: "grpc-target" },
  ]),
];
