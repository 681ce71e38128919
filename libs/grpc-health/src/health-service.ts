import { HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";

/** A service's serving status, as `grpc.health.v1` reports it. */
export const ServingStatus = HealthCheckResponse_ServingStatus;
/** A service's serving status, as `grpc.health.v1` reports it. */
export type ServingStatus = HealthCheckResponse_ServingStatus;

/** Called with a service's reported status each time it changes. */
export type HealthStatusListener = (status: ServingStatus) => void;

/** Options for {@link createHealthService}. */
export interface HealthServiceOptions {
  /**
   * Statuses to start with, keyed by fully-qualified service name. The
   * whole-server entry `""` is always present: NOT_SERVING unless given here,
   * so a server reports SERVING only once its start-up says so.
   */
  readonly statuses?: Readonly<Record<string, ServingStatus>>;
  /**
   * The most services `List` answers before it fails with RESOURCE_EXHAUSTED,
   * as the health protocol recommends for servers with many services. Default 100.
   */
  readonly maxListedServices?: number;
}

/**
 * The serving status of a server and its services, independent of the gRPC
 * stack that serves it (see `registerHealthConnect`, `addHealthToGrpcJsServer`).
 *
 * Each service has a *declared* status (what `setStatus` last said) and a
 * *reported* status (what clients see). They differ only while draining:
 * `setAllNotServing()` reports every service NOT_SERVING and keeps doing so
 * for services that later declare SERVING, until `resume()`. A drain is a
 * one-way decision of the process; a dependency that recovers mid-drain must
 * not put the target back into a load balancer's rotation.
 */
export interface HealthService {
  /** Declares a service's status; `""` is the whole server. Watchers see the change. */
  setStatus(service: string, status: ServingStatus): void;
  /** The reported status of a service, or `undefined` when it is unknown. */
  getStatus(service: string): ServingStatus | undefined;
  /** Reported statuses of every known service, `""` included. */
  list(): ReadonlyMap<string, ServingStatus>;
  /** Starts draining: every service reports NOT_SERVING, now and after later `setStatus` calls. */
  setAllNotServing(): void;
  /** Ends draining: services report their declared statuses again. */
  resume(): void;
  /** Whether `setAllNotServing()` is in effect. */
  readonly draining: boolean;
  /** The most services `List` answers before RESOURCE_EXHAUSTED. */
  readonly maxListedServices: number;
  /**
   * Subscribes to a service's reported status: the listener is called at once
   * with the current status (SERVICE_UNKNOWN for an unknown service), then on
   * every change. Returns the unsubscribe function.
   */
  watch(service: string, listener: HealthStatusListener): () => void;
}

/** Creates a {@link HealthService}; see {@link HealthServiceOptions} for the defaults. */
export function createHealthService(options: HealthServiceOptions = {}): HealthService {
  const declared = new Map<string, ServingStatus>([["", ServingStatus.NOT_SERVING]]);
  for (const [service, status] of Object.entries(options.statuses ?? {})) declared.set(service, status);
  const listeners = new Map<string, Set<HealthStatusListener>>();
  let draining = false;

  const effective = (status: ServingStatus): ServingStatus =>
    draining && status === ServingStatus.SERVING ? ServingStatus.NOT_SERVING : status;
  const reported = (service: string): ServingStatus | undefined => {
    const status = declared.get(service);
    return status === undefined ? undefined : effective(status);
  };

  /** Runs `change`, then tells each watcher whose reported status it changed. */
  const notifying = (change: () => void): void => {
    const before = new Map([...listeners.keys()].map((service) => [service, reported(service)]));
    change();
    for (const [service, previous] of before) {
      const current = reported(service) ?? ServingStatus.SERVICE_UNKNOWN;
      if (current === (previous ?? ServingStatus.SERVICE_UNKNOWN)) continue;
      for (const listener of [...(listeners.get(service) ?? [])]) listener(current);
    }
  };

  return {
    setStatus(service, status) {
      notifying(() => declared.set(service, status));
    },
    getStatus: reported,
    list() {
      return new Map([...declared].map(([service, status]) => [service, effective(status)]));
    },
    setAllNotServing() {
      notifying(() => (draining = true));
    },
    resume() {
      notifying(() => (draining = false));
    },
    get draining() {
      return draining;
    },
    maxListedServices: options.maxListedServices ?? 100,
    watch(service, listener) {
      let set = listeners.get(service);
      if (set === undefined) {
        set = new Set();
        listeners.set(service, set);
      }
      set.add(listener);
      listener(reported(service) ?? ServingStatus.SERVICE_UNKNOWN);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(service) === set) listeners.delete(service);
      };
    },
  };
}
