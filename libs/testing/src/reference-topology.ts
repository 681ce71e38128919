import type { PlatformService } from "@switchyard/topology";

/**
 * A frozen three-service topology with one client (checkout calls catalog over `urls` and
 * pricing over a `grpc-target`), for tests of what derives from a topology: they must
 * handle dependencies whatever the current topology holds.
 */
export const referenceTopology: readonly PlatformService[] = [
  {
    name: "catalog",
    stack: "connect-node",
    port: 50051,
    grpcServices: ["switchyard.catalog.v1.CatalogService"],
    dependencies: [],
  },
  {
    name: "pricing",
    stack: "grpc-js",
    port: 50052,
    grpcServices: ["switchyard.pricing.v1.PricingService"],
    dependencies: [],
  },
  {
    name: "checkout",
    stack: "connect-node",
    port: 50053,
    grpcServices: ["switchyard.checkout.v1.CheckoutService"],
    dependencies: [
      { service: "catalog", variable: "CATALOG_URLS", form: "urls" },
      { service: "pricing", variable: "PRICING_TARGET", form: "grpc-target" },
    ],
  },
];
