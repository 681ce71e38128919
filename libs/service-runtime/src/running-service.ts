import type { DescService } from "@bufbuild/protobuf";
import { createHealthService, ServingStatus, type HealthService } from "@switchyard/grpc-health";
import type { Logger } from "pino";
import { loadServiceConfig, type ServiceConfig } from "./service-config.js";
import { createServiceLogger } from "./service-logger.js";
import { createInFlightCalls, type InFlightCalls } from "./in-flight-calls.js";
import { observeRuntimeState } from "./runtime-metrics.js";
import type { ServiceDrain } from "./service-drain.js";

/** A service started by `startConnectService` or `startGrpcJsService`. */
export interface RunningService {
  /** The service's name, as declared. */
  readonly name: string;
  /** Which gRPC stack serves it. */
  readonly stack: "connect-node" | "grpc-js";
  /** The bound TCP port (the real one when configured with 0). */
  readonly port: number;
  /** `http://host:port` for h2c, `https://host:port` with TLS. */
  readonly url: string;
  /** The replica's id, sent in the `x-served-by` header of every response. */
  readonly instanceId: string;
  /** The configuration it runs with. */
  readonly config: ServiceConfig;
  /** Serving status of the server and each service; change it when a dependency is lost or regained. */
  readonly health: HealthService;
  /** The service's structured logger. */
  readonly logger: Logger;
  /**
   * Drains and stops: reports NOT_SERVING, keeps serving for `drainDelayMs`,
   * sends GOAWAY on every connection, waits up to `drainGraceMs` for calls in
   * flight, then closes what is left. Idempotent; resolves with {@link closed}.
   */
  shutdown(reason?: string): Promise<void>;
  /** Stops at once: cancels calls in flight and closes every connection. */
  forceClose(): Promise<void>;
  /** Resolves once the server has stopped. */
  readonly closed: Promise<void>;
}

/** Start-up checks a service runs before it reports SERVING. */
export interface ReadinessOptions {
  /**
   * Resolves when the service is ready: its own start-up is done and the
   * dependencies it cannot serve without are reachable. Until then the health
   * service reports NOT_SERVING; when it rejects, start-up fails. It receives
   * the health service to keep statuses current afterwards (e.g. on dependency loss).
   */
  readonly readiness?: (health: HealthService) => Promise<void>;
}

/** The parts both stacks build before their server exists, see {@link prepareService}. */
export interface PreparedService {
  readonly config: ServiceConfig;
  readonly logger: Logger;
  /** Every application service NOT_SERVING until {@link finishStartUp}. */
  readonly health: HealthService;
  readonly serviceNames: readonly string[];
  readonly inFlight: InFlightCalls;
}

/**
 * The first step of start-up on either stack: the configuration (from the
 * environment unless given), the logger, the health service with every
 * application service NOT_SERVING, and the in-flight call count.
 */
export function prepareService(
  options: { readonly name: string; readonly config?: ServiceConfig; readonly logger?: Logger },
  services: readonly DescService[],
): PreparedService {
  const config = options.config ?? loadServiceConfig();
  const logger =
    options.logger ??
    createServiceLogger({ name: options.name, instanceId: config.instanceId, level: config.logLevel });
  const health = createHealthService();
  const serviceNames = services.map((service) => service.typeName);
  for (const serviceName of serviceNames) health.setStatus(serviceName, ServingStatus.NOT_SERVING);
  return { config, logger, health, serviceNames, inFlight: createInFlightCalls(config.maxInFlightCalls) };
}

/** What both stacks hand to {@link finishStartUp} once their server listens. */
export interface ListeningService extends ReadinessOptions {
  readonly name: string;
  readonly stack: RunningService["stack"];
  readonly port: number;
  readonly url: string;
  readonly config: ServiceConfig;
  readonly health: HealthService;
  readonly logger: Logger;
  /** The application's gRPC services, set SERVING once ready. */
  readonly serviceNames: readonly string[];
  readonly drain: ServiceDrain;
  /** Calls in flight, reported as metrics with the drain state. */
  readonly inFlight: InFlightCalls;
}

/**
 * The last step of start-up on either stack: runs the readiness check (a
 * failure stops the server and rethrows), then reports the whole server and
 * every service SERVING and logs "serving" — the line process supervisors and
 * tests wait for.
 */
export async function finishStartUp(service: ListeningService): Promise<RunningService> {
  const { health, logger, drain } = service;
  try {
    await service.readiness?.(health);
  } catch (error) {
    logger.error({ err: error }, "readiness check failed; stopping");
    await drain.forceClose();
    throw error;
  }
  health.setStatus("", ServingStatus.SERVING);
  for (const serviceName of service.serviceNames) health.setStatus(serviceName, ServingStatus.SERVING);
  const stopObserving = observeRuntimeState(service.name, health, service.inFlight);
  void drain.closed.then(stopObserving);
  logger.info({ url: service.url, services: service.serviceNames, stack: service.stack }, "serving");
  return {
    name: service.name,
    stack: service.stack,
    port: service.port,
    url: service.url,
    instanceId: service.config.instanceId,
    config: service.config,
    health,
    logger,
    shutdown: (reason = "shutdown requested") => drain.shutdown(reason),
    forceClose: () => drain.forceClose(),
    closed: drain.closed,
  };
}

/** Response header naming the replica that answered (its `INSTANCE_ID`), on both stacks. */
export const servedByHeader = "x-served-by";
