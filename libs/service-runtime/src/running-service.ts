import { readFile } from "node:fs/promises";
import type { DescService, FileRegistry } from "@bufbuild/protobuf";
import {
  createHealthService,
  healthServiceNames,
  ServingStatus,
  type HealthService,
} from "@switchyard/grpc-health";
import { reflectionServiceNames } from "@switchyard/grpc-reflection";
import { protoRegistry } from "@switchyard/proto";
import type { Logger } from "pino";
import { createCallAuthorizer, loadAuthConfig, type AuthConfig, type CallAuthorizer } from "./call-auth.js";
import { loadServiceConfig, type ServiceConfig } from "./service-config.js";
import { createServiceLogger } from "./service-logger.js";
import { createInFlightCalls, type InFlightCalls } from "./in-flight-calls.js";
import { observeRuntimeState } from "./runtime-metrics.js";
import { createServiceDrain, type ServiceDrain, type ServiceDrainSteps } from "./service-drain.js";

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

/** What starting a service takes on either stack, besides the services themselves. */
export interface ServiceStartOptions extends ReadinessOptions {
  /** The service's name, in logs (`service`), e.g. `catalog`. */
  readonly name: string;
  /** Configuration; defaults to `loadServiceConfig()` over `process.env`. */
  readonly config?: ServiceConfig;
  /** Logger; defaults to JSON lines on stdout at `config.logLevel`. */
  readonly logger?: Logger;
  /**
   * Who may call: bearer JWTs checked against each method's policy. Defaults to
   * `loadAuthConfig()` over `process.env`; "off" lets every call through.
   */
  readonly auth?: AuthConfig | "off";
  /**
   * Files server reflection describes (grpcurl, Postman). Defaults to
   * `protoRegistry`, every file generated from `proto/`.
   */
  readonly registry?: FileRegistry;
}

/** How a stack stops its server, for {@link PreparedService.createDrain}. */
export type StackDrainSteps = Pick<ServiceDrainSteps, "goaway" | "connectionsClosed" | "force">;

/** The parts both stacks build before their server exists, see {@link prepareService}. */
export interface PreparedService extends ReadinessOptions {
  readonly name: string;
  readonly config: ServiceConfig;
  readonly logger: Logger;
  /** Every application service NOT_SERVING until {@link finishStartUp}. */
  readonly health: HealthService;
  readonly serviceNames: readonly string[];
  readonly inFlight: InFlightCalls;
  /**
   * What server reflection describes: the registry, and the application, health and reflection
   * services; undefined when `config.reflection` is off, and the stack serves no reflection.
   */
  readonly reflection:
    { readonly registry: FileRegistry; readonly serviceNames: readonly string[] } | undefined;
  /** The drain sequence over the stack's own steps, with the configured delay and grace. */
  createDrain(steps: StackDrainSteps): ServiceDrain;
  /** `http://host:port` for h2c, `https://host:port` with TLS, once the server has bound `port`. */
  urlOf(port: number): string;
  /** Who may call what: every call passes it before its handler (see `AUTH_*`). */
  readonly authorize: CallAuthorizer;
}

/**
 * The first step of start-up on either stack: the configuration (from the
 * environment unless given), the logger, the health service with every
 * application service NOT_SERVING, and the in-flight call count.
 */
export function prepareService(
  options: ServiceStartOptions & { readonly services: readonly { readonly service: DescService }[] },
): PreparedService {
  const config = options.config ?? loadServiceConfig();
  const logger =
    options.logger ??
    createServiceLogger({ name: options.name, instanceId: config.instanceId, level: config.logLevel });
  const health = createHealthService();
  const serviceNames = options.services.map(({ service }) => service.typeName);
  for (const serviceName of serviceNames) health.setStatus(serviceName, ServingStatus.NOT_SERVING);
  const inFlight = createInFlightCalls(config.maxInFlightCalls);
  const authConfig =
    options.auth === undefined ? loadAuthConfig() : options.auth === "off" ? undefined : options.auth;
  if (authConfig === undefined) {
    logger.warn("AUTH_ISSUER is not set: every method is callable without a token");
  }
  return {
    authorize: createCallAuthorizer(authConfig),
    name: options.name,
    ...(options.readiness === undefined ? {} : { readiness: options.readiness }),
    config,
    logger,
    health,
    serviceNames,
    inFlight,
    reflection: config.reflection
      ? {
          registry: options.registry ?? protoRegistry,
          serviceNames: [...serviceNames, ...healthServiceNames, ...reflectionServiceNames],
        }
      : undefined,
    createDrain: (steps) =>
      createServiceDrain({
        ...steps,
        health,
        logger,
        inFlight,
        drainDelayMs: config.drainDelayMs,
        drainGraceMs: config.drainGraceMs,
      }),
    urlOf: (port) => `${config.tls === undefined ? "http" : "https"}://${bracketedHost(config.host)}:${port}`,
  };
}

/** `host` as it stands in a URL or a `host:port` target: IPv6 literals in brackets. */
export function bracketedHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * The certificate chain and key of `config.tls` (PEM), read for the stack's TLS server, and the
 * CA client certificates must chain to when `TLS_CLIENT_CA_FILE` asks for mutual TLS.
 */
export async function readTlsKeyPair(
  config: ServiceConfig,
): Promise<{ cert: Buffer; key: Buffer; clientCa: Buffer | undefined } | undefined> {
  if (config.tls === undefined) return undefined;
  const { certFile, keyFile, clientCaFile } = config.tls;
  const [cert, key, clientCa] = await Promise.all([
    readFile(certFile),
    readFile(keyFile),
    clientCaFile === undefined ? undefined : readFile(clientCaFile),
  ]);
  return { cert, key, clientCa };
}

/** What a service presents and trusts when it calls its dependencies over TLS, as PEM. */
export interface DependencyTlsMaterial {
  /** The CA a dependency's certificate must chain to (`TLS_DEPENDENCY_CA_FILE`). */
  readonly ca: Buffer;
  /** The service's own certificate and key (`TLS_CERT_FILE`, `TLS_KEY_FILE`), sent as the client's. */
  readonly clientKeyPair: { readonly cert: Buffer; readonly key: Buffer } | undefined;
}

/**
 * The files of `config.dependencyTls`, read for the service's clients of its dependencies:
 * undefined when `TLS_DEPENDENCY_CA_FILE` is unset (h2c). Each client checks a dependency's
 * certificate names the dependency (see `ServiceConfig.dependencyTls`).
 */
export async function readDependencyTls(config: ServiceConfig): Promise<DependencyTlsMaterial | undefined> {
  if (config.dependencyTls === undefined) return undefined;
  const [ca, keyPair] = await Promise.all([readFile(config.dependencyTls.caFile), readTlsKeyPair(config)]);
  return { ca, clientKeyPair: keyPair === undefined ? undefined : { cert: keyPair.cert, key: keyPair.key } };
}

/** What a stack hands to {@link finishStartUp} once its server listens. */
export interface ListeningService {
  readonly stack: RunningService["stack"];
  /** The bound port. */
  readonly port: number;
  readonly drain: ServiceDrain;
}

/**
 * The last step of start-up on either stack: runs the readiness check (a
 * failure stops the server and rethrows), then reports the whole server and
 * every service SERVING and logs "serving" — the line process supervisors and
 * tests wait for.
 */
export async function finishStartUp(
  prepared: PreparedService,
  service: ListeningService,
): Promise<RunningService> {
  const { health, logger, config, serviceNames } = prepared;
  const { drain } = service;
  const url = prepared.urlOf(service.port);
  try {
    await prepared.readiness?.(health);
  } catch (error) {
    logger.error({ err: error }, "readiness check failed; stopping");
    await drain.forceClose();
    throw error;
  }
  health.setStatus("", ServingStatus.SERVING);
  for (const serviceName of serviceNames) health.setStatus(serviceName, ServingStatus.SERVING);
  const stopObserving = observeRuntimeState(prepared.name, health, prepared.inFlight);
  void drain.closed.then(stopObserving);
  logger.info({ url, services: serviceNames, stack: service.stack }, "serving");
  return {
    name: prepared.name,
    stack: service.stack,
    port: service.port,
    url,
    instanceId: config.instanceId,
    config,
    health,
    logger,
    shutdown: (reason = "shutdown requested") => drain.shutdown(reason),
    forceClose: () => drain.forceClose(),
    closed: drain.closed,
  };
}

/** Response header naming the replica that answered (its `INSTANCE_ID`), on both stacks. */
export const servedByHeader = "x-served-by";
