import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  Health,
  StatusSchema,
  addHealthToGrpcJsServer,
  addReflectionToGrpcJsServer,
  bracketedHost,
  callTraceIds,
  createGrpcJsServerTelemetryInterceptor,
  createRequestValidator,
  effectiveTimeoutMs,
  finishStartUp,
  gracefulGoaway,
  grpcStatusName,
  isPlatformCall,
  prepareService,
  readTlsKeyPair,
  requestWaitMs,
  servedByHeader,
  shedCallMessage
} from "./chunk-6AQNEIEQ.js";
import "./chunk-ZWAUZSEP.js";
import {
  addBufServiceToGrpcJsServer,
  grpcJsRequestErrorInterceptor
} from "./chunk-Q3SKMBAW.js";

// libs/grpc-js-runtime/src/start-grpc-js-service.ts
import * as grpc3 from "@grpc/grpc-js";

// libs/grpc-js-runtime/src/grpc-js-auth-interceptor.ts
import { ConnectError as ConnectError2 } from "@connectrpc/connect";
import * as grpc2 from "@grpc/grpc-js";

// libs/grpc-js-runtime/src/grpc-js-interceptor.ts
import { ConnectError } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";

// libs/grpc-js-runtime/src/grpc-status-details.ts
import { create, toBinary } from "@bufbuild/protobuf";
import { anyPack, AnySchema } from "@bufbuild/protobuf/wkt";
var grpcStatusDetailsHeader = "grpc-status-details-bin";
function encodeGrpcStatusDetails(error) {
  const details = error.details.map(
    (detail) => "desc" in detail ? anyPack(detail.desc, create(detail.desc, detail.value)) : create(AnySchema, { typeUrl: `type.googleapis.com/${detail.type}`, value: detail.value })
  );
  return toBinary(
    StatusSchema,
    create(StatusSchema, { code: error.code, message: error.rawMessage, details })
  );
}

// libs/grpc-js-runtime/src/grpc-js-interceptor.ts
var callerSubjectKey = "x-switchyard-subject";
var grpcJsCodes = Object.values(grpc.status).filter(
  (value) => typeof value === "number"
);
function grpcJsCode(code) {
  return grpcJsCodes.find((candidate) => candidate.valueOf() === code.valueOf()) ?? grpc.status.UNKNOWN;
}
function connectErrorToGrpcJsStatus(error, metadata = new grpc.Metadata()) {
  if (error.details.length > 0) {
    metadata.set(grpcStatusDetailsHeader, Buffer.from(encodeGrpcStatusDetails(error)));
  }
  return { code: grpcJsCode(error.code), details: error.rawMessage, metadata };
}
function createGrpcJsRuntimeInterceptor(options) {
  const { logger, validator, inFlight, deadlines, instanceId, methods } = options;
  return (methodDefinition, call) => {
    const path = methodDefinition.path;
    const method = methods.get(path);
    const started = performance.now();
    let release;
    let metadataSent = false;
    let ended = false;
    let deadlineTimer;
    let requestTimer;
    let traceIds = {};
    let received;
    const admitOnMessage = method?.methodKind === "unary" || method?.methodKind === "server_streaming";
    const admit = () => {
      release = isPlatformCall(path) ? () => void 0 : inFlight.tryAdmit();
      if (release !== void 0) return true;
      logger.warn({ method: path, inFlight: inFlight.count }, "call shed: too many calls in flight");
      intercepted.sendStatus({
        code: grpc.status.RESOURCE_EXHAUSTED,
        details: shedCallMessage
      });
      return false;
    };
    const end = (code) => {
      if (ended) return;
      ended = true;
      clearTimeout(deadlineTimer);
      clearTimeout(requestTimer);
      release?.();
      const [subject] = received?.get(callerSubjectKey) ?? [];
      logCall(logger, call, {
        path,
        code,
        started,
        traceIds,
        subject: typeof subject === "string" ? subject : void 0
      });
    };
    const intercepted = new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            received = metadata;
            const traceparent = metadata.get("traceparent")[0];
            traceIds = callTraceIds(typeof traceparent === "string" ? traceparent : void 0);
            if (!admitOnMessage && !admit()) return;
            if (method !== void 0) {
              const expire = () => {
                intercepted.sendStatus({ code: grpc.status.DEADLINE_EXCEEDED, details: "deadline exceeded" });
              };
              deadlineTimer = startDeadlineTimer(call, method, deadlines, expire);
              requestTimer = startRequestTimer(call, method, deadlines, expire);
            }
            nextMetadata(metadata);
          },
          onReceiveMessage(message, nextMessage) {
            clearTimeout(requestTimer);
            if (ended) return;
            if (release === void 0 && !admit()) return;
            if (method !== void 0) {
              const error = validator.check(method.input, message);
              if (error !== void 0) {
                intercepted.sendStatus(connectErrorToGrpcJsStatus(error));
                return;
              }
            }
            nextMessage(message);
          },
          onReceiveHalfClose(next2) {
            if (!ended) next2();
          },
          onCancel() {
            end(grpc.status.CANCELLED);
          }
        });
      },
      sendMetadata(metadata, next) {
        metadataSent = true;
        metadata.set(servedByHeader, instanceId);
        next(metadata);
      },
      sendStatus(status2, next) {
        if (ended) return;
        let answer = internalForUnknown(malformedRequestStatus(status2), logger, path);
        if (!metadataSent) {
          const metadata = answer.metadata?.clone() ?? new grpc.Metadata();
          metadata.set(servedByHeader, instanceId);
          answer = { ...answer, metadata };
        }
        end(answer.code);
        next(answer);
      }
    });
    return intercepted;
  };
}
function logCall(logger, call, ended) {
  const { remoteAddress, remotePort } = call.getConnectionInfo();
  const line = {
    method: ended.path,
    code: grpcStatusName(ended.code),
    durationMs: Math.round((performance.now() - ended.started) * 1e3) / 1e3,
    peer: `${remoteAddress ?? "unknown"}:${remotePort ?? 0}`,
    ...ended.subject === void 0 ? {} : { subject: ended.subject },
    ...ended.traceIds
  };
  const failed = [grpc.status.INTERNAL, grpc.status.UNKNOWN, grpc.status.DATA_LOSS].includes(ended.code);
  if (failed) logger.error(line, "call");
  else logger.info(line, "call");
}
function startDeadlineTimer(call, method, deadlines, expire) {
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  const requested = Number.isFinite(deadlineMs) ? Math.max(0, deadlineMs - Date.now()) : void 0;
  const effective = effectiveTimeoutMs(method, requested, deadlines);
  return effective !== void 0 && effective !== requested ? setTimeout(expire, effective) : void 0;
}
function startRequestTimer(call, method, deadlines, expire) {
  if (method.methodKind === "unary") return void 0;
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  const requested = Number.isFinite(deadlineMs) ? Math.max(0, deadlineMs - Date.now()) : void 0;
  const waitMs = requestWaitMs(requested, deadlines);
  return requested === void 0 || waitMs < requested ? setTimeout(expire, waitMs) : void 0;
}
var requestCountFailure = /^Received (no|a second) request message for /;
function malformedRequestStatus(status2) {
  if (requestCountFailure.test(status2.details)) {
    const none = status2.details.startsWith("Received no");
    return {
      ...status2,
      code: grpc.status.INTERNAL,
      details: none ? "request ended without a complete message (truncated frame)" : "more than one request message for a method that takes one"
    };
  }
  return status2;
}
function internalForUnknown(status2, logger, path) {
  if (status2.code !== grpc.status.UNKNOWN) return status2;
  logger.error(
    { method: path, err: { message: status2.details } },
    "handler failed with an unexpected error; answered INTERNAL"
  );
  return { code: grpc.status.INTERNAL, details: "internal error", metadata: status2.metadata ?? null };
}
function isGrpcJsServiceError(error) {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  const code = error.code;
  return typeof code === "number" && Number.isInteger(code) && code >= 0 && code <= 16;
}
function toGrpcJsServiceError(error) {
  if (error instanceof ConnectError) {
    const status2 = connectErrorToGrpcJsStatus(error);
    return Object.assign(new Error(status2.details), status2);
  }
  if (isGrpcJsServiceError(error) || error instanceof Error) return error;
  return new Error(String(error));
}

// libs/grpc-js-runtime/src/grpc-js-auth-interceptor.ts
function createGrpcJsAuthInterceptor(options) {
  return (methodDefinition, call) => {
    const method = options.methods.get(methodDefinition.path);
    const intercepted = new grpc2.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            metadata.remove(callerSubjectKey);
            if (method === void 0) {
              nextMetadata(metadata);
              return;
            }
            const [authorization] = metadata.get("authorization");
            options.authorize(method, typeof authorization === "string" ? authorization : void 0).then(
              (caller) => {
                if (caller !== void 0) metadata.set(callerSubjectKey, caller.subject);
                nextMetadata(metadata);
              },
              (reason) => {
                intercepted.sendStatus(connectErrorToGrpcJsStatus(ConnectError2.from(reason)));
              }
            );
          }
        });
      }
    });
    return intercepted;
  };
}

// libs/grpc-js-runtime/src/grpc-js-sessions.ts
function grpcJsHttp2State(server) {
  const map = server.http2Servers;
  if (!(map instanceof Map)) return { http2Servers: [], sessions: [] };
  const http2Servers = [];
  const sessions = [];
  for (const [http2Server, entry] of map.entries()) {
    http2Servers.push(http2Server);
    const entrySessions = entry?.sessions;
    if (!(entrySessions instanceof Set)) continue;
    for (const session of entrySessions) sessions.push(session);
  }
  return { http2Servers, sessions };
}

// libs/grpc-js-runtime/src/start-grpc-js-service.ts
function guardHandler(method, handler) {
  const hasCallback = method.methodKind === "unary" || method.methodKind === "client_streaming";
  return (call, callback) => {
    const fail = (error) => {
      const serviceError = toGrpcJsServiceError(error);
      if (hasCallback) callback?.(serviceError, null);
      else call.emit("error", serviceError);
    };
    const guardedCallback = hasCallback && callback !== void 0 ? (error, value, trailer, flags) => {
      if (error) callback(toGrpcJsServiceError(error), null, trailer, flags);
      else callback(null, value, trailer, flags);
    } : void 0;
    try {
      const result = handler(call, guardedCallback);
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}
function guardImplementation(service, implementation) {
  const guarded = {};
  for (const method of service.methods) {
    const handler = implementation[method.localName];
    if (handler !== void 0) guarded[method.localName] = guardHandler(method, handler);
  }
  return guarded;
}
function grpcJsServerOptions(config) {
  return {
    "grpc.max_receive_message_length": config.maxReceiveMessageBytes,
    "grpc.max_send_message_length": config.maxSendMessageBytes,
    "grpc.max_concurrent_streams": config.maxConcurrentStreams,
    // grpc-js applies ±10 % jitter to the age itself.
    ...config.maxConnectionAgeMs > 0 ? {
      "grpc.max_connection_age_ms": config.maxConnectionAgeMs,
      "grpc.max_connection_age_grace_ms": config.maxConnectionAgeGraceMs
    } : {},
    ...config.idleTimeoutMs > 0 ? { "grpc.max_connection_idle_ms": config.idleTimeoutMs } : {}
  };
}
async function serverCredentials(config) {
  const keyPair = await readTlsKeyPair(config);
  if (keyPair === void 0) return grpc3.ServerCredentials.createInsecure();
  return grpc3.ServerCredentials.createSsl(
    null,
    [{ cert_chain: keyPair.cert, private_key: keyPair.key }],
    false
  );
}
function rejectCompressedWithoutEncoding(http2Server) {
  http2Server.prependListener("stream", (_stream, headers) => {
    const encoding = headers["grpc-encoding"];
    if (encoding === void 0 || encoding === "identity") headers["grpc-encoding"] = "gzip";
  });
}
async function startGrpcJsService(options) {
  const registrations = options.services;
  const prepared = prepareService({ ...options, services: registrations });
  const { config, logger, health, inFlight } = prepared;
  const methods = /* @__PURE__ */ new Map();
  for (const service of [...registrations.map((registration) => registration.service), Health]) {
    for (const method of service.methods) methods.set(`/${service.typeName}/${method.name}`, method);
  }
  const server = new grpc3.Server({
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
        methods
      }),
      // Inside the runtime's: a refused call is logged; outside the handler: it never runs.
      createGrpcJsAuthInterceptor({ authorize: prepared.authorize, methods })
    ]
  });
  for (const { service, implementation } of registrations) {
    addBufServiceToGrpcJsServer(
      server,
      service,
      guardImplementation(service, implementation)
    );
  }
  addHealthToGrpcJsServer(server, health);
  addReflectionToGrpcJsServer(server, prepared.reflection);
  const port = await new Promise((resolve, reject) => {
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
      const { http2Servers, sessions } = grpcJsHttp2State(server);
      for (const http2Server of http2Servers) if (http2Server.listening) http2Server.close();
      await Promise.all(sessions.map(gracefulGoaway));
    },
    connectionsClosed: () => new Promise((resolve) => {
      server.tryShutdown(() => {
        resolve();
      });
    }),
    force() {
      server.forceShutdown();
      return Promise.resolve();
    }
  });
  return finishStartUp(prepared, { stack: "grpc-js", port, drain });
}
export {
  callerSubjectKey,
  startGrpcJsService
};
