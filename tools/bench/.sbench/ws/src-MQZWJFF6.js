import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  callTraceIds,
  createConnectServerTelemetryInterceptor,
  createRequestValidator,
  effectiveTimeoutMs,
  finishStartUp,
  grpcStatusName,
  isPlatformCall,
  parseGrpcTimeoutMs,
  prepareService,
  readTlsKeyPair,
  registerHealthConnect,
  registerReflectionConnect,
  requestWaitMs,
  servedByHeader,
  shedCallMessage,
  trackHttp2Sessions
} from "./chunk-6AQNEIEQ.js";
import "./chunk-ZWAUZSEP.js";
import "./chunk-Q3SKMBAW.js";

// libs/connect-runtime/src/start-connect-service.ts
import {
  createSecureServer,
  createServer
} from "node:http2";

// libs/connect-runtime/src/connect-interceptors.ts
import { Code, ConnectError, createContextKey as createContextKey2 } from "@connectrpc/connect";

// libs/connect-runtime/src/connect-auth-interceptor.ts
import { createContextKey } from "@connectrpc/connect";
var callerKey = createContextKey(void 0, {
  description: "switchyard caller"
});
function createAuthInterceptor(authorize) {
  return (next) => async (request) => {
    const caller = await authorize(request.method, request.header.get("authorization") ?? void 0);
    request.contextValues.set(callerKey, caller);
    return next(request);
  };
}

// libs/connect-runtime/src/connect-interceptors.ts
var connectCallInfoKey = createContextKey2(
  { peer: "unknown", admitted: true },
  { description: "switchyard call info" }
);
function toPublicConnectError(error, logger, procedure) {
  if (error instanceof ConnectError) return error;
  logger.error(
    { err: error, method: procedure },
    "handler failed with an unexpected error; answered INTERNAL"
  );
  return new ConnectError("internal error", Code.Internal, void 0, void 0, error);
}
function subjectOf(caller) {
  return caller === void 0 ? {} : { subject: caller.subject };
}
async function* observeStream(messages, onEnd, mapError = (error) => error) {
  let ended = false;
  try {
    yield* messages;
    ended = true;
    onEnd(void 0);
  } catch (error) {
    ended = true;
    const mapped = mapError(error);
    onEnd(mapped);
    throw mapped;
  } finally {
    if (!ended) onEnd(new ConnectError("stream closed by the client", Code.Canceled));
  }
}
function createLoggingInterceptor(logger) {
  return (next) => async (request) => {
    const started = performance.now();
    const procedure = `/${request.service.typeName}/${request.method.name}`;
    const traceIds = callTraceIds(request.header.get("traceparent"));
    const log = (error) => {
      const code = error === void 0 ? 0 : ConnectError.from(error).code;
      const line = {
        method: procedure,
        code: grpcStatusName(code),
        durationMs: Math.round((performance.now() - started) * 1e3) / 1e3,
        peer: request.contextValues.get(connectCallInfoKey).peer,
        ...subjectOf(request.contextValues.get(callerKey)),
        ...traceIds
      };
      if (code === Code.Internal || code === Code.Unknown || code === Code.DataLoss)
        logger.error(line, "call");
      else logger.info(line, "call");
    };
    try {
      const response = await next(request);
      if (!response.stream) {
        log(void 0);
        return response;
      }
      return { ...response, message: observeStream(response.message, log) };
    } catch (error) {
      log(error);
      throw error;
    }
  };
}
function createErrorInterceptor(logger) {
  return (next) => async (request) => {
    const procedure = `/${request.service.typeName}/${request.method.name}`;
    const toPublic = (error) => !(error instanceof ConnectError) && request.signal.aborted ? ConnectError.from(request.signal.reason) : toPublicConnectError(error, logger, procedure);
    try {
      const response = await next(request);
      if (!response.stream) return response;
      return { ...response, message: observeStream(response.message, () => void 0, toPublic) };
    } catch (error) {
      throw toPublic(error);
    }
  };
}
function createValidationInterceptor(validator) {
  return (next) => async (request) => {
    if (!request.stream) {
      const error = validator.check(request.method.input, request.message);
      if (error !== void 0) throw error;
      return next(request);
    }
    const input = request.method.input;
    const messages = request.message;
    async function* validated() {
      for await (const message of messages) {
        const error = validator.check(input, message);
        if (error !== void 0) throw error;
        yield message;
      }
    }
    return next({ ...request, message: validated() });
  };
}

// libs/connect-runtime/src/connect-node-handler.ts
import {
  constants
} from "node:http2";
import {
  Code as Code3,
  ConnectError as ConnectError3,
  createConnectRouter,
  createContextValues
} from "@connectrpc/connect";
import {
  compressionBrotli,
  compressionGzip,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse
} from "@connectrpc/connect-node";

// libs/connect-runtime/src/grpc-message-encoding.ts
function encodeGrpcMessage(message) {
  let encoded = "";
  for (const byte of new TextEncoder().encode(message)) {
    encoded += byte >= 32 && byte <= 126 && byte !== 37 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return encoded;
}
function decodeGrpcMessage(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
function normalizeGrpcMessage(fields) {
  const value = fields.get("grpc-message");
  if (value !== null) fields.set("grpc-message", encodeGrpcMessage(decodeGrpcMessage(value)));
}

// libs/connect-runtime/src/bounded-request-body.ts
import { Code as Code2, ConnectError as ConnectError2 } from "@connectrpc/connect";
var FrameTracker = class {
  #header = [];
  #remaining = 0;
  completeMessages = 0;
  /** The largest length a message prefix has declared so far. */
  largestDeclared = 0;
  /** True when the bytes so far end exactly on a message boundary. */
  get atBoundary() {
    return this.#header.length === 0 && this.#remaining === 0;
  }
  push(chunk) {
    let offset = 0;
    while (offset < chunk.byteLength) {
      if (this.#remaining > 0) {
        const taken = Math.min(this.#remaining, chunk.byteLength - offset);
        this.#remaining -= taken;
        offset += taken;
        if (this.#remaining === 0) this.completeMessages++;
        continue;
      }
      this.#header.push(chunk[offset] ?? 0);
      offset++;
      if (this.#header.length === 5) {
        const [, b1 = 0, b2 = 0, b3 = 0, b4 = 0] = this.#header;
        this.#remaining = (b1 << 24 >>> 0) + (b2 << 16) + (b3 << 8) + b4;
        this.largestDeclared = Math.max(this.largestDeclared, this.#remaining);
        this.#header = [];
        if (this.#remaining === 0) this.completeMessages++;
      }
    }
  }
};
async function* boundRequestBody(body, options, frames = new FrameTracker()) {
  const iterator = body[Symbol.asyncIterator]();
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => {
      reject(new ConnectError2("deadline exceeded while waiting for the request", Code2.DeadlineExceeded));
    }, options.waitMs);
  });
  expired.catch(() => void 0);
  let bounded = true;
  try {
    for (; ; ) {
      const pending = iterator.next();
      let result;
      if (bounded) {
        pending.catch(() => void 0);
        result = await Promise.race([pending, expired]);
      } else result = await pending;
      if (result.done === true) break;
      if (options.framed) frames.push(result.value);
      if (bounded && options.firstMessageOnly && frames.completeMessages > 0) {
        bounded = false;
        clearTimeout(timer);
      }
      yield result.value;
    }
  } finally {
    clearTimeout(timer);
  }
  if (options.framed && !frames.atBoundary) {
    throw new ConnectError2("request ended inside a message (truncated frame)", Code2.Internal);
  }
}
async function awaitRequestStart(body, options) {
  const frames = new FrameTracker();
  const bounded = boundRequestBody(body, options, frames);
  const buffered = [];
  let bytes = 0;
  let failure;
  let done = false;
  const started = () => bytes > options.readMaxBytes || options.framed && (frames.completeMessages > 0 || frames.largestDeclared > options.readMaxBytes);
  while (!started()) {
    try {
      const result = await bounded.next();
      if (result.done === true) {
        done = true;
        break;
      }
      buffered.push(result.value);
      bytes += result.value.byteLength;
    } catch (error) {
      failure = { error };
      break;
    }
  }
  async function* replay() {
    yield* buffered;
    if (failure !== void 0) throw failure.error;
    if (!done) yield* bounded;
  }
  const arrived = failure === void 0 && (!done || bytes > 0 && (!options.framed || frames.completeMessages > 0));
  return { body: replay(), arrived };
}

// libs/connect-runtime/src/connect-node-handler.ts
var grpcContentType = /^application\/grpc(?:\+proto|\+json)?(?:;|$)/i;
function createConnectNodeHandler(options) {
  const router = createConnectRouter({
    interceptors: options.interceptors,
    readMaxBytes: options.readMaxBytes,
    writeMaxBytes: options.writeMaxBytes,
    shutdownSignal: options.shutdownSignal,
    acceptCompression: [compressionGzip, compressionBrotli],
    requestGate(context) {
      if (!context.values.get(connectCallInfoKey).admitted) {
        throw new ConnectError3(shedCallMessage, Code3.ResourceExhausted);
      }
    }
  });
  options.routes(router);
  const handlers = new Map(
    router.handlers.map((handler) => [handler.requestPath, handler])
  );
  return (request, response) => {
    response.setHeader(servedByHeader, options.instanceId);
    const path = (request.url || "").split("?", 1)[0] ?? "";
    const handler = handlers.get(path);
    const isGrpc = grpcContentType.test(request.headers["content-type"] ?? "");
    if (handler === void 0) {
      if (isGrpc) {
        respondTrailersOnly(
          response,
          new Headers({
            "content-type": "application/grpc",
            "grpc-status": String(Code3.Unimplemented),
            "grpc-message": encodeGrpcMessage(`unknown method ${path}`)
          })
        );
      } else {
        response.writeHead(404);
        response.end();
      }
      return;
    }
    const callInfo = {
      peer: `${request.socket.remoteAddress ?? "unknown"}:${request.socket.remotePort ?? 0}`,
      admitted: true
    };
    const contextValues = createContextValues().set(connectCallInfoKey, callInfo);
    const nodeRequest = universalRequestFromNodeRequest(request, response, void 0, contextValues);
    const requestedMs = applyEffectiveTimeout(nodeRequest.header, handler, options.deadlines);
    const call = handler;
    const serve = (universalRequest) => {
      call(universalRequest).then(
        (universalResponse) => isGrpc ? respondTrailersOnlyWhenEmpty(universalResponse, response) : universalResponseToNodeResponse(universalResponse, response)
      ).catch((reason) => {
        if (ConnectError3.from(reason).code === Code3.Aborted || clientLeft(response)) return;
        options.logger.error({ err: reason, method: path }, "writing the response failed");
      });
    };
    const { body } = nodeRequest;
    if (!isByteStream(body)) {
      serve(nodeRequest);
      return;
    }
    void awaitRequestStart(body, {
      waitMs: requestWaitMs(requestedMs, options.deadlines),
      firstMessageOnly: handler.method.methodKind !== "unary",
      framed: isGrpc || handler.method.methodKind !== "unary",
      readMaxBytes: options.readMaxBytes
    }).then(({ body: started, arrived }) => {
      if (arrived && !isPlatformCall(path)) {
        const release = options.inFlight.tryAdmit();
        if (release === void 0) {
          callInfo.admitted = false;
          options.logger.warn(
            { method: path, inFlight: options.inFlight.count },
            "call shed: too many calls in flight"
          );
        } else if (response.stream.destroyed) release();
        else response.once("close", release);
      }
      serve({ ...nodeRequest, body: started });
    });
  };
}
function isByteStream(body) {
  return typeof body === "object" && body !== null && Symbol.asyncIterator in body;
}
function clientLeft(response) {
  const stream = response.stream;
  if (stream === void 0) return true;
  return stream.destroyed && stream.rstCode !== constants.NGHTTP2_NO_ERROR;
}
function applyEffectiveTimeout(header, handler, policy) {
  const grpcFamily = /^application\/grpc/i.test(header.get("content-type") ?? "");
  const name = grpcFamily ? "grpc-timeout" : "connect-timeout-ms";
  const value = header.get(name);
  const requested = grpcFamily ? parseGrpcTimeoutMs(value) : value !== null && /^\d{1,10}$/.test(value) ? Number(value) : void 0;
  if (value !== null && requested === void 0) return void 0;
  const effective = effectiveTimeoutMs(handler.method, requested, policy);
  if (effective === void 0 || effective === requested) return requested;
  header.set(name, grpcFamily ? `${Math.ceil(effective)}m` : String(Math.ceil(effective)));
  return requested;
}
function respondTrailersOnly(response, header) {
  const stream = response.stream;
  const fields = { ...response.getHeaders(), ":status": 200 };
  header.forEach((value, key) => {
    fields[key] = value;
  });
  stream.respond(fields, { endStream: true });
  setImmediate(() => {
    if (!stream.destroyed && stream.state.remoteClose === 0) stream.close(constants.NGHTTP2_NO_ERROR);
  });
}
async function respondTrailersOnlyWhenEmpty(universalResponse, response) {
  const { body, trailer } = universalResponse;
  if (body === void 0 || trailer === void 0) {
    await universalResponseToNodeResponse(universalResponse, response);
    return;
  }
  const iterator = body[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) {
    const header = new Headers(universalResponse.header);
    trailer.forEach((value, key) => {
      header.set(key, value);
    });
    normalizeGrpcMessage(header);
    respondTrailersOnly(response, header);
    return;
  }
  let pending = first;
  const replayed = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const result = pending;
        pending = void 0;
        if (result !== void 0) return Promise.resolve(result);
        return iterator.next().then((next) => {
          if (next.done === true) normalizeGrpcMessage(trailer);
          return next;
        });
      },
      throw: (error) => iterator.throw?.(error) ?? Promise.reject(error instanceof Error ? error : new Error(String(error))),
      return: (value) => iterator.return?.(value) ?? Promise.resolve({ done: true, value: void 0 })
    })
  };
  await universalResponseToNodeResponse({ ...universalResponse, body: replayed }, response);
}

// libs/connect-runtime/src/start-connect-service.ts
function http2Settings(config) {
  return { maxConcurrentStreams: config.maxConcurrentStreams };
}
async function createHttp2Server(config) {
  const keyPair = await readTlsKeyPair(config);
  if (keyPair === void 0) return createServer({ settings: http2Settings(config) });
  return createSecureServer({ ...keyPair, allowHTTP1: false, settings: http2Settings(config) });
}
async function startConnectService(options) {
  const registrations = options.services;
  const prepared = prepareService({ ...options, services: registrations });
  const { config, logger, health, inFlight } = prepared;
  const shutdownController = new AbortController();
  const handler = createConnectNodeHandler({
    routes(router) {
      for (const { service, implementation } of registrations) router.service(service, implementation);
      registerHealthConnect(router, health);
      registerReflectionConnect(router, prepared.reflection);
    },
    interceptors: [
      // Outermost: the span covers logging, error mapping and validation.
      createConnectServerTelemetryInterceptor(),
      createLoggingInterceptor(logger),
      createErrorInterceptor(logger),
      // Who calls, before what they sent is even validated.
      createAuthInterceptor(prepared.authorize),
      createValidationInterceptor(createRequestValidator()),
      ...options.interceptors ?? []
    ],
    readMaxBytes: config.maxReceiveMessageBytes,
    writeMaxBytes: config.maxSendMessageBytes,
    shutdownSignal: shutdownController.signal,
    deadlines: config,
    inFlight,
    instanceId: config.instanceId,
    logger
  });
  const server = await createHttp2Server(config);
  server.on("request", handler);
  const sessions = trackHttp2Sessions(server, config);
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address();
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
        await new Promise((resolve) => {
          server.close(() => {
            resolve();
          });
        });
    }
  });
  return finishStartUp(prepared, { stack: "connect-node", port, drain });
}
export {
  callerKey,
  startConnectService
};
