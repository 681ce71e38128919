import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import {
  createServiceLogger,
  loadServiceConfig,
  readDependencyTls,
  type RunningService,
  type ServiceConfig,
} from "@switchyard/service-runtime";
import { createClientCredentialsTokenSource, type TokenSource } from "@switchyard/auth";
import { startConnectService } from "@switchyard/connect-runtime";
import { createCatalogClient } from "./catalog-client.js";
import type { CheckoutConfig } from "./checkout-config.js";
import { createCheckoutService } from "./checkout-service.js";
import { createDependencyReadiness } from "./dependency-readiness.js";
import type { OrderStore } from "./order-store.js";
import { createPricingClient } from "./pricing-client.js";

/** Options for {@link startCheckoutServer}. */
export interface CheckoutServerOptions {
  /** Where the dependencies are, and how calls to them are bounded. */
  readonly checkout: CheckoutConfig;
  /** Where orders are recorded. */
  readonly orders: OrderStore;
  /** The orders' database, when they are in one: readiness follows it too. */
  readonly database?: { isReachable(timeoutMs: number): Promise<boolean> };
  /** Runtime configuration (port, limits, drain); defaults to the environment's. */
  readonly config?: ServiceConfig;
}

/** The token function of a token source, for the catalog client. */
function tokenOf(source: TokenSource): () => Promise<string> {
  return () => source.token();
}

/**
 * Starts checkout on the service runtime (connect-node) with clients of
 * catalog (connect, per-call round robin) and pricing (grpc-js, `round_robin`),
 * over TLS when `TLS_DEPENDENCY_CA_FILE` is set, and readiness that follows both dependencies.
 */
export async function startCheckoutServer(options: CheckoutServerOptions): Promise<RunningService> {
  const { checkout } = options;
  const config = options.config ?? loadServiceConfig();
  const logger = createServiceLogger({
    name: "checkout",
    instanceId: config.instanceId,
    level: config.logLevel,
  });
  const serviceClient = checkout.serviceClient;
  const dependencyTls = await readDependencyTls(config);
  const catalog = createCatalogClient(checkout.catalogUrls, {
    ...(serviceClient === undefined
      ? {}
      : {
          accessToken: tokenOf(
            createClientCredentialsTokenSource({ ...serviceClient, scopes: ["stock.reserve"] }),
          ),
        }),
    ...(dependencyTls === undefined ? {} : { tls: dependencyTls }),
  });
  const pricing = createPricingClient(checkout.pricingTarget, dependencyTls);
  const dependencies = createDependencyReadiness(
    {
      catalog,
      pricing,
      ...(options.database !== undefined && { database: options.database }),
      intervalMs: checkout.dependencyProbeIntervalMs,
      timeoutMs: checkout.dependencyTimeoutMs,
    },
    logger,
  );
  let service: RunningService;
  try {
    service = await startConnectService({
      name: "checkout",
      services: [
        {
          service: CheckoutService,
          implementation: createCheckoutService({
            catalog,
            pricing,
            orders: options.orders,
            maxTimeoutMs: checkout.dependencyTimeoutMs,
            marginMs: checkout.deadlineMarginMs,
          }),
        },
      ],
      readiness: (health) => dependencies.readiness(health),
      config,
      logger,
    });
  } catch (error) {
    dependencies.stop();
    catalog.close();
    pricing.close();
    throw error;
  }
  void service.closed.then(() => {
    dependencies.stop();
    catalog.close();
    pricing.close();
  });
  return service;
}
