import {
  createSecureServer,
  createServer,
  type Http2SecureServer,
  type Http2Server,
  type Settings,
} from "node:http2";
import type { AddressInfo } from "node:net";
import type { DescService } from "@bufbuild/protobuf";
import type { Interceptor, ServiceImpl } from "@connectrpc/connect";
import { registerHealthConnect } from "@switchyard/grpc-health";
import { registerReflectionConnect } from "@switchyard/grpc-reflection";
import { createConnectServerTelemetryInterceptor } from "@switchyard/telemetry";
import {
  createErrorInterceptor,
  createLoggingInterceptor,
  createValidationInterceptor,
} from "./connect-interceptors.js";
import { createAuthInterceptor } from "./connect-auth-interceptor.js";
import { createConnectNodeHandler } from "./connect-node-handler.js";
import {
  createRequestValidator,
  finishStartUp,
  trackHttp2Sessions,
  prepareService,
  readTlsKeyPair,
  type RunningService,
  type ServiceConfig,
  type ServiceStartOptions,
} from "@switchyard/service-runtime";

/** One service a connect-node server serves: its descriptor and its handlers. */
export interface ConnectServiceRegistration<S extends DescService = DescService> {
  /** The generated service descriptor, e.g. `CatalogService`. */
  readonly service: S;
  /** Its handlers (connect's `ServiceImpl`); a missing method answers UNIMPLEMENTED. */
  readonly implementation: Partial<ServiceImpl<S>>;
}

/**
 * Options for {@link startConnectService}. `T` is inferred from `services`, so
 * each implementation is checked against its own descriptor.
 */
export interface StartConnectServiceOptions<
  T extends readonly DescService[] = readonly DescService[],
> extends ServiceStartOptions {
  /** The services to serve; health (and reflection) are added by the runtime. */
  readonly services: { readonly [I in keyof T]: ConnectServiceRegistration<T[I]> };
  /** Interceptors of the service's own, run inside the runtime's (after validation). */
  readonly interceptors?: readonly Interceptor[];
}

/** The HTTP/2 settings every connection advertises. */
function http2Settings(config: ServiceConfig): Settings {
  return { maxConcurrentStreams: config.maxConcurrentStreams };
}

async function createHttp2Server(config: ServiceConfig): Promise<Http2Server | Http2SecureServer> {
  const keyPair = await readTlsKeyPair(config);
  if (keyPair === undefined) return createServer({ settings: http2Settings(config) });
  const { cert, key, clientCa } = keyPair;
  // gRPC needs HTTP/2: no HTTP/1.1 fallback, ALPN offers h2 only.
  return createSecureServer({
    cert,
    key,
    // Mutual TLS: a client without a certificate chaining to the CA fails its handshake.
    ...(clientCa === undefined ? {} : { ca: clientCa, requestCert: true, rejectUnauthorized: true }),
    allowHTTP1: false,
    settings: http2Settings(config),
  });
}

/**
 * Starts a service on connect-node, serving gRPC, gRPC-Web and Connect on one
 * port (h2c, or TLS when `config.tls` is set: mutual TLS when it names a client
 * CA), with `grpc.health.v1` and the load-balancer probe, the runtime's
 * interceptors (logging, INTERNAL for unknown errors, protovalidate),
 * deadlines, limits, load shedding, connection age and drain. Every service reports SERVING once the server listens and
 * `readiness` has resolved.
 */
export async function startConnectService<const T extends readonly DescService[]>(
  options: StartConnectServiceOptions<T>,
): Promise<RunningService> {
  const registrations = options.services as readonly ConnectServiceRegistration[];
  const prepared = prepareService({ ...options, services: registrations });
  const { config, logger, health, inFlight } = prepared;
  const shutdownController = new AbortController();

  const handler = createConnectNodeHandler({
    routes(router) {
      for (const { service, implementation } of registrations) router.service(service, implementation);
      registerHealthConnect(router, health);
      if (prepared.reflection !== undefined) registerReflectionConnect(router, prepared.reflection);
    },
    interceptors: [
      // Outermost: the span covers logging, error mapping and validation.
      createConnectServerTelemetryInterceptor(),
      createLoggingInterceptor(logger),
      createErrorInterceptor(logger),
      // Who calls, before what they sent is even validated.
      createAuthInterceptor(prepared.authorize),
      createValidationInterceptor(createRequestValidator()),
      ...(options.interceptors ?? []),
    ],
    readMaxBytes: config.maxReceiveMessageBytes,
    writeMaxBytes: config.maxSendMessageBytes,
    shutdownSignal: shutdownController.signal,
    deadlines: config,
    inFlight,
    instanceId: config.instanceId,
    logger,
  });
  const server = await createHttp2Server(config);
  server.on("request", handler);
  const sessions = trackHttp2Sessions(server, config);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const drain = prepared.createDrain({
    goaway() {
      if (server.listening) server.close();
      return sessions.goawayAll();
    },
    connectionsClosed: () => sessions.allClosed(),
    async force() {
      shutdownController.abort();
      sessions.destroyAll();
      if (server.listening)
        await new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        });
    },
  });

  return finishStartUp(prepared, { stack: "connect-node", port, drain });
}
