import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import type { ReadinessOptions, RunningService, ServiceConfig } from "@switchyard/service-runtime";
import { startConnectService } from "@switchyard/connect-runtime";
import { createCatalogService, type CatalogServiceOptions } from "./catalog-service.js";

/** Options for {@link startCatalogServer}. */
export interface CatalogServerOptions extends CatalogServiceOptions, ReadinessOptions {
  /** Runtime configuration (port, limits, drain); defaults to the environment's. */
  readonly config?: ServiceConfig;
}

/**
 * Starts the catalog on the service runtime (connect-node): gRPC, gRPC-Web and
 * Connect on one port, with health, reflection, validation, logging, deadlines
 * and drain.
 */
export function startCatalogServer(options: CatalogServerOptions): Promise<RunningService> {
  return startConnectService({
    name: "catalog",
    services: [{ service: CatalogService, implementation: createCatalogService(options) }],
    ...(options.config !== undefined && { config: options.config }),
    ...(options.readiness !== undefined && { readiness: options.readiness }),
  });
}
