import type { Http2SecureServer, Http2Server, IncomingHttpHeaders, ServerHttp2Stream } from "node:http2";
import type { DescMethod, DescService } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import {
  addBufServiceToGrpcJsServer,
  grpcJsRequestErrorInterceptor,
  type GrpcJsAsyncServiceImplementation,
  type GrpcJsServiceImplementation,
} from "@switchyard/grpc-js-adapter";
import { addHealthToGrpcJsServer } from "@switchyard/grpc-health";
import { addReflectionToGrpcJsServer } from "@switchyard/grpc-reflection";
import { createGrpcJsServerTelemetryInterceptor } from "@switchyard/telemetry";
import { Health } from "@switchyard/proto/grpc/health/v1/health";
import { createGrpcJsAuthInterceptor } from "./grpc-js-auth-interceptor.js";
import { createGrpcJsRuntimeInterceptor, toGrpcJsServiceError } from "./grpc-js-interceptor.js";
import { grpcJsHttp2State } from "./grpc-js-sessions.js";
import {
  bracketedHost,
  createRequestValidator,
  finishStartUp,
  gracefulGoaway,
  prepareService,
  readTlsKeyPair,
  type RunningService,
  type ServiceConfig,
  type ServiceStartOptions,
} from "@switchyard/service-runtime";

/** One service a grpc-js server serves: its descriptor and its grpc-js handlers. */
export interface GrpcJsServiceRegistration<S extends DescService = DescService> {
  /** The generated service descriptor, e.g. `PricingService`. */
  readonly service: S;
  /**
   * Its handlers, keyed by method `localName`; they may be `async`: a rejection, like a
   * throw, becomes the call's status (ConnectErrors keep their code and details).
   */
  readonly implementation: GrpcJsAsyncServiceImplementation<S>;
}

/**
 * Options for {@link startGrpcJsService}. `T` is inferred from `services`, so
 * each implementation is checked against its own descriptor.
 */
export interface StartGrpcJsServiceOptions<
  T extends readonly DescService[] = readonly DescService[],
> extends ServiceStartOptions {
  /** The services to serve; health (and reflection) are added by the runtime. */
  readonly services: { readonly [I in keyof T]: GrpcJsServiceRegistration<T[I]> };
}

type AnyHandler = (
  call: grpc.ServerUnaryCall<unknown, unknown>,
  callback?: grpc.sendUnaryData<unknown>,
) => unknown;

/**
 * Wraps a handler so that whatever it throws, synchronously or as a rejected
 * promise, or passes to its callback, reaches grpc-js as a status: ConnectErrors
 * with their code and details, other errors unchanged (the interceptor turns
 * them into INTERNAL). Without this a thrown error would escape grpc-js.
 */
function guardHandler(method: DescMethod, handler: AnyHandler): AnyHandler {
  const hasCallback = method.methodKind === "unary" || method.methodKind === "client_streaming";
  return (call, callback) => {
    const fail = (error: unknown): void => {
      const serviceError = toGrpcJsServiceError(error);
      if (hasCallback) callback?.(serviceError, null);
      else (call as unknown as NodeJS.EventEmitter).emit("error", serviceError);
    };
    const guardedCallback: grpc.sendUnaryData<unknown> | undefined =
      hasCallback && callback !== undefined
        ? (error, value, trailer, flags) => {
            if (error) callback(toGrpcJsServiceError(error), null, trailer, flags);
            else callback(null, value, trailer, flags);
          }
        : undefined;
    try {
      const result = handler(call, guardedCallback);
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

function guardImplementation(service: DescService, implementation: object): object {
  const guarded: Record<string, AnyHandler> = {};
  for (const method of service.methods) {
    const handler = (implementation as Record<string, AnyHandler | undefined>)[method.localName];
    if (handler !== undefined) guarded[method.localName] = guardHandler(method, handler);
  }
  return guarded;
}

function grpcJsServerOptions(config: ServiceConfig): grpc.ServerOptions {
  return {
    "grpc.max_receive_message_length": config.maxReceiveMessageBytes,
    "grpc.max_send_message_length": config.maxSendMessageBytes,
    "grpc.max_concurrent_streams": config.maxConcurrentStreams,
    // grpc-js applies ±10 % jitter to the age itself.
    ...(config.maxConnectionAgeMs > 0
      ? {
          "grpc.max_connection_age_ms": config.maxConnectionAgeMs,
          "grpc.max_connection_age_grace_ms": config.maxConnectionAgeGraceMs,
        }
      : {}),
    ...(config.idleTimeoutMs > 0 ? { "grpc.max_connection_idle_ms": config.idleTimeoutMs } : {}),
  };
}

async function serverCredentials(config: ServiceConfig): Promise<grpc.ServerCredentials> {
  const keyPair = await readTlsKeyPair(config);
  if (keyPair === undefined) return grpc.ServerCredentials.createInsecure();
  // With a client CA, mutual TLS: grpc-js checks the client's certificate against it.
  return grpc.ServerCredentials.createSsl(
    keyPair.clientCa ?? null,
    [{ cert_chain: keyPair.cert, private_key: keyPair.key }],
    keyPair.clientCa !== undefined,
  );
}

/**
 * grpc-js decodes a message flagged compressed as if it were not when the request declares
 * no grpc-encoding (or identity); gRPC's compression spec says INTERNAL, as connect-node
 * answers. Seen before grpc-js sees it, such a request is given grpc-encoding gzip: plain
 * messages still decode as they are (grpc-js decompresses only flagged ones), a flagged one
 * must then be gzip, and anything else fails INTERNAL ("Failed to decompress message").
 * grpc-js reports that status itself, past every interceptor, so no interceptor can do it.
 * The header never reaches handlers (grpc-js strips it from the metadata).
 */
function rejectCompressedWithoutEncoding(http2Server: Http2Server | Http2SecureServer): void {
  http2Server.prependListener("stream", (_stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    const encoding = headers["grpc-encoding"];
    if (encoding === undefined || encoding === "identity") headers["grpc-encoding"] = "gzip";
  });
}

/**
 * Starts a service on `@grpc/grpc-js` with the same behaviour as
 * `startConnectService`: `grpc.health.v1` and the load-balancer probe, the
 * runtime interceptor (logging, INTERNAL for unknown errors, protovalidate,
 * deadlines, load shedding, x-served-by), message and stream limits,
 * connection age (grpc-js's own options) and drain. Every service reports
 * SERVING once the server listens and `readiness` has resolved.
 */
export async function startGrpcJsService<const T extends readonly DescService[]>(
  options: StartGrpcJsServiceOptions<T>,
): Promise<RunningService> {
  const registrations = options.services as readonly GrpcJsServiceRegistration[];
  const prepared = prepareService({ ...options, services: registrations });
  const { config, logger, health, inFlight } = prepared;

  const methods = new Map<string, DescMethod>();
  for (const service of [...registrations.map((registration) => registration.service), Health]) {
    for (const method of service.methods) methods.set(`/${service.typeName}/${method.name}`, method);
  }
  const server = new grpc.Server({
    ...grpcJsServerOptions(config),
    interceptors: [
      // Outermost: the span covers everything the runtime does, shedding and validation included.
      createGrpcJsServerTelemetryInterceptor(),
      // grpc-js answers a truncated request frame with UNIMPLEMENTED; this makes it INTERNAL.
      grpcJsRequestErrorInterceptor,
      createGrpcJsRuntimeInterceptor({
        logger,
        validator: createRequestValidator(),
        inFlight,
        deadlines: config,
        instanceId: config.instanceId,
        methods,
      }),
      // Inside the runtime's: a refused call is logged; outside the handler: it never runs.
      createGrpcJsAuthInterceptor({ authorize: prepared.authorize, methods }),
    ],
  });
  for (const { service, implementation } of registrations) {
    addBufServiceToGrpcJsServer(
      server,
      service,
      guardImplementation(service, implementation) as GrpcJsServiceImplementation<DescService>,
    );
  }
  addHealthToGrpcJsServer(server, health);
  if (prepared.reflection !== undefined) addReflectionToGrpcJsServer(server, prepared.reflection);

  const port = await new Promise<number>((resolve, reject) => {
    void serverCredentials(config).then((credentials) => {
      server.bindAsync(`${bracketedHost(config.host)}:${config.port}`, credentials, (error, boundPort) => {
        if (error) reject(error);
        else resolve(boundPort);
      });
    }, reject);
  });

  for (const http2Server of grpcJsHttp2State(server).http2Servers)
    rejectCompressedWithoutEncoding(http2Server);
  const drain = prepared.createDrain({
    async goaway() {
      // Stop accepting connections and send the two-step GOAWAY on every session
      // first; grpc-js's tryShutdown then finds them closing and calls back once
      // every session has closed.
      const { http2Servers, sessions } = grpcJsHttp2State(server);
      for (const http2Server of http2Servers) if (http2Server.listening) http2Server.close();
      await Promise.all(sessions.map(gracefulGoaway));
    },
    connectionsClosed: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => {
          resolve();
        });
      }),
    force() {
      server.forceShutdown();
      return Promise.resolve();
    },
  });

  return finishStartUp(prepared, { stack: "grpc-js", port, drain });
}
