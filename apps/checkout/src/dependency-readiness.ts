import type { HealthService } from "@switchyard/grpc-health";
import { ServingStatus } from "@switchyard/grpc-health";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import type { Logger } from "pino";
import type { CatalogClient } from "./catalog-client.js";
import type { PricingClient } from "./pricing-client.js";

/** Options for {@link createDependencyReadiness}. */
export interface DependencyReadinessOptions {
  readonly catalog: Pick<CatalogClient, "isReachable">;
  readonly pricing: Pick<PricingClient, "isReachable">;
  /** Checkout's order database, when it has one: probed like the services it calls. */
  readonly database?: { isReachable(timeoutMs: number): Promise<boolean> };
  /** Time between probes. */
  readonly intervalMs: number;
  /** Longest wait for one dependency's health check. */
  readonly timeoutMs: number;
}

/** Readiness that follows checkout's dependencies, see {@link createDependencyReadiness}. */
export interface DependencyReadiness {
  /** The runtime's readiness hook: probes once, then keeps probing every `intervalMs`. */
  readiness(health: HealthService): Promise<void>;
  /** Stops probing. */
  stop(): void;
}

/**
 * Checkout cannot place an order without catalog, pricing and its database, so
 * it reports SERVING (for the whole server and for `CheckoutService`) only while
 * all answer: a load balancer then stops sending orders to a
 * replica that cannot reach them. Probes run every `intervalMs`; while the
 * service drains the health service keeps reporting NOT_SERVING whatever this sets.
 */
export function createDependencyReadiness(
  options: DependencyReadinessOptions,
  logger?: Pick<Logger, "warn" | "info">,
): DependencyReadiness {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastDown: string[] | undefined;

  const probe = async (): Promise<string[]> => {
    const [catalogUp, pricingUp, databaseUp] = await Promise.all([
      options.catalog.isReachable(options.timeoutMs),
      options.pricing.isReachable(options.timeoutMs),
      options.database?.isReachable(options.timeoutMs) ?? true,
    ]);
    return [
      ...(catalogUp ? [] : ["catalog"]),
      ...(pricingUp ? [] : ["pricing"]),
      ...(databaseUp ? [] : ["database"]),
    ];
  };

  const apply = (health: HealthService, down: string[]): void => {
    if (stopped) return;
    const status = down.length === 0 ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus("", status);
    health.setStatus(CheckoutService.typeName, status);
    if (lastDown === undefined || lastDown.join() !== down.join()) {
      if (down.length === 0) logger?.info({}, "dependencies reachable: SERVING");
      else logger?.warn({ unreachable: down }, "dependencies unreachable: NOT_SERVING");
    }
    lastDown = down;
  };

  const schedule = (health: HealthService): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void probe().then((down) => {
        apply(health, down);
        schedule(health);
      });
    }, options.intervalMs);
    timer.unref();
  };

  return {
    async readiness(health) {
      const down = await probe();
      // The runtime declares SERVING as soon as this resolves; the first result is applied just after.
      setImmediate(() => {
        apply(health, down);
      });
      schedule(health);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
