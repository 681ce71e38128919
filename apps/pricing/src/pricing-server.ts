import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { type RunningService, type ServiceConfig } from "@switchyard/service-runtime";
import { startGrpcJsService } from "@switchyard/grpc-js-runtime";
import { createPricingService, type PricingServiceOptions } from "./pricing-service.js";

/** Options for {@link startPricingServer}. */
export interface PricingServerOptions extends PricingServiceOptions {
  /** Runtime configuration (port, limits, drain); defaults to the environment's. */
  readonly config?: ServiceConfig;
}

/**
 * Starts pricing on the service runtime's grpc-js server, with health,
 * reflection, validation, logging, deadlines and drain.
 */
export function startPricingServer(options: PricingServerOptions): Promise<RunningService> {
  return startGrpcJsService({
    name: "pricing",
    services: [{ service: PricingService, implementation: createPricingService(options) }],
    ...(options.config !== undefined && { config: options.config }),
  });
}
