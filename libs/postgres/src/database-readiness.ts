import { ServingStatus, type HealthService } from "@switchyard/grpc-health";
import type { DatabasePool } from "./database-pool.js";

/** Whether `database` answers a trivial query within `timeoutMs`. */
export async function isDatabaseReachable(database: DatabasePool, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
  });
  const answered = database.pool.query("SELECT 1").then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Options for {@link createDatabaseReadiness}. */
export interface DatabaseReadinessOptions {
  /** Whether the service can serve now, e.g. the pool answers and the change feed listens. */
  readonly probe: () => Promise<boolean>;
  /** Time between probes. */
  readonly intervalMs: number;
  /** Health names whose status follows the probe: `""` (the whole server) and the service's own. */
  readonly serviceNames: readonly string[];
  /** Receives each change: true when it became ready, false when it stopped being. */
  readonly onChange?: (ready: boolean) => void;
}

/** Readiness that follows the database, see {@link createDatabaseReadiness}. */
export interface DatabaseReadiness {
  /** The runtime's readiness hook: resolves once the first probe succeeded, then keeps probing. */
  readiness(health: HealthService): Promise<void>;
  /** Stops probing. */
  stop(): void;
}

/**
 * A service that keeps its state in PostgreSQL cannot answer without it, so it reports
 * SERVING only while `probe` succeeds: Envoy and the load balancers stop sending calls to a
 * replica whose database is unreachable, and send them again once it is back, without a
 * restart. While the service drains the health service keeps NOT_SERVING whatever this sets.
 */
export function createDatabaseReadiness(options: DatabaseReadinessOptions): DatabaseReadiness {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let last: boolean | undefined;

  const apply = (health: HealthService, ready: boolean): void => {
    if (stopped) return;
    const status = ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    for (const name of options.serviceNames) health.setStatus(name, status);
    if (last !== ready) options.onChange?.(ready);
    last = ready;
  };

  const schedule = (health: HealthService): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void options.probe().then((ready) => {
        apply(health, ready);
        schedule(health);
      });
    }, options.intervalMs);
    timer.unref();
  };

  return {
    async readiness(health) {
      while (!stopped && !(await options.probe())) {
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs).unref());
      }
      last = true;
      schedule(health);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
