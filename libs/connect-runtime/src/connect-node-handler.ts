import {
  constants,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type OutgoingHttpHeaders,
} from "node:http2";
import {
  Code,
  ConnectError,
  createConnectRouter,
  createContextValues,
  type ConnectRouter,
  type Interceptor,
} from "@connectrpc/connect";
import {
  compressionBrotli,
  compressionGzip,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse,
} from "@connectrpc/connect-node";
import type { UniversalHandler, UniversalServerResponse } from "@connectrpc/connect/protocol";
import type { Logger } from "pino";
import { encodeGrpcMessage, normalizeGrpcMessage } from "./grpc-message-encoding.js";
import {
  servedByHeader,
  effectiveTimeoutMs,
  parseGrpcTimeoutMs,
  requestWaitMs,
  shedCallMessage,
  type DeadlinePolicy,
  type InFlightCalls,
  isPlatformCall,
} from "@switchyard/service-runtime";
import { awaitRequestStart } from "./bounded-request-body.js";
import { connectCallInfoKey } from "./connect-interceptors.js";

/** Options for {@link createConnectNodeHandler}. */
export interface ConnectNodeHandlerOptions {
  /** Registers the services, as in `connectNodeAdapter`. */
  readonly routes: (router: ConnectRouter) => void;
  /** Interceptors, outermost first. */
  readonly interceptors: Interceptor[];
  /** Largest request message; larger ones fail with RESOURCE_EXHAUSTED. */
  readonly readMaxBytes: number;
  /** Largest response message; larger ones fail with RESOURCE_EXHAUSTED. */
  readonly writeMaxBytes: number;
  /** Aborting it aborts every handler's context signal. */
  readonly shutdownSignal: AbortSignal;
  /** Default and cap of unary deadlines. */
  readonly deadlines: DeadlinePolicy;
  /** Load shedding and the in-flight count drain waits on. */
  readonly inFlight: InFlightCalls;
  /** Value of the {@link servedByHeader} header. */
  readonly instanceId: string;
  /** For calls shed or failing outside any handler. */
  readonly logger: Logger;
}

const grpcContentType = /^application\/grpc(?:\+proto|\+json)?(?:;|$)/i;

/**
 * The connect-node request listener of the service runtime. It does what
 * `connectNodeAdapter` does, plus what the runtime owns below the interceptors:
 *
 * - `x-served-by` on every response;
 * - load shedding: a call counts as in flight once its first request message has
 *   arrived (see `awaitRequestStart`: headers without a body hold no slot, and end
 *   at the call's deadline); above the in-flight limit it is answered
 *   RESOURCE_EXHAUSTED through connect's request gate, before its handler runs
 *   (health and reflection calls are exempt, see `isPlatformCall`);
 * - deadlines: the call's timeout header is rewritten to the effective timeout
 *   (default when absent, capped when too long) so handler contexts see it;
 * - Trailers-Only: a gRPC call that ends before its first response message is
 *   answered with `grpc-status` in the response headers, as grpc-js and other
 *   gRPC servers do. connect-node would send headers and then trailers, and
 *   Envoy's retry policy and outlier detection read only a header status
 *   (envoy#17629, #11049);
 * - unknown gRPC methods get UNIMPLEMENTED (Trailers-Only) instead of HTTP 404.
 */
export function createConnectNodeHandler(
  options: ConnectNodeHandlerOptions,
): (request: Http2ServerRequest, response: Http2ServerResponse) => void {
  const router = createConnectRouter({
    interceptors: options.interceptors,
    readMaxBytes: options.readMaxBytes,
    writeMaxBytes: options.writeMaxBytes,
    shutdownSignal: options.shutdownSignal,
    acceptCompression: [compressionGzip, compressionBrotli],
    requestGate(context) {
      if (!context.values.get(connectCallInfoKey).admitted) {
        throw new ConnectError(shedCallMessage, Code.ResourceExhausted);
      }
    },
  });
  options.routes(router);
  const handlers = new Map<string, UniversalHandler>(
    router.handlers.map((handler) => [handler.requestPath, handler]),
  );

  return (request, response) => {
    response.setHeader(servedByHeader, options.instanceId);
    const path = (request.url || "").split("?", 1)[0] ?? "";
    const handler = handlers.get(path);
    const isGrpc = grpcContentType.test(request.headers["content-type"] ?? "");
    if (handler === undefined) {
      if (isGrpc) {
        respondTrailersOnly(
          response,
          new Headers({
            "content-type": "application/grpc",
            "grpc-status": String(Code.Unimplemented),
            "grpc-message": encodeGrpcMessage(`unknown method ${path}`),
          }),
        );
      } else {
        response.writeHead(404);
        response.end();
      }
      return;
    }

    const callInfo = {
      peer: `${request.socket.remoteAddress ?? "unknown"}:${request.socket.remotePort ?? 0}`,
      admitted: true,
    };
    const contextValues = createContextValues().set(connectCallInfoKey, callInfo);
    const nodeRequest = universalRequestFromNodeRequest(request, response, undefined, contextValues);
    const requestedMs = applyEffectiveTimeout(nodeRequest.header, handler, options.deadlines);
    const call = handler;
    const serve = (universalRequest: typeof nodeRequest): void => {
      call(universalRequest)
        .then((universalResponse) =>
          isGrpc
            ? respondTrailersOnlyWhenEmpty(universalResponse, response)
            : universalResponseToNodeResponse(universalResponse, response),
        )
        .catch((reason: unknown) => {
          // A client that left is logged once, by the logging interceptor (CANCELLED).
          if (ConnectError.from(reason).code === Code.Aborted || clientLeft(response)) return;
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
      readMaxBytes: options.readMaxBytes,
    }).then(({ body: started, arrived }) => {
      // Counted from its first request message: a call still waiting for one holds no slot.
      if (arrived && !isPlatformCall(path)) {
        const release = options.inFlight.tryAdmit();
        if (release === undefined) {
          callInfo.admitted = false;
          options.logger.warn(
            { method: path, inFlight: options.inFlight.count },
            "call shed: too many calls in flight",
          );
        } else if (response.stream.destroyed) release();
        else response.once("close", release);
      }
      serve({ ...nodeRequest, body: started });
    });
  };
}

function isByteStream(body: unknown): body is AsyncIterable<Uint8Array> {
  return typeof body === "object" && body !== null && Symbol.asyncIterator in body;
}

/** Whether the client reset the call's stream, or its connection went away, before the answer was written. */
function clientLeft(response: Http2ServerResponse): boolean {
  const stream = response.stream as Http2ServerResponse["stream"] | undefined;
  if (stream === undefined) return true;
  return stream.destroyed && stream.rstCode !== constants.NGHTTP2_NO_ERROR;
}

/**
 * Rewrites the call's timeout header to the effective timeout: `grpc-timeout`
 * for gRPC and gRPC-Web (content types `application/grpc…`), `connect-timeout-ms`
 * for the Connect protocol. A malformed header is left for the protocol to reject.
 * Returns the timeout the client asked for (undefined when none or malformed).
 */
function applyEffectiveTimeout(
  header: Headers,
  handler: UniversalHandler,
  policy: DeadlinePolicy,
): number | undefined {
  const grpcFamily = /^application\/grpc/i.test(header.get("content-type") ?? "");
  const name = grpcFamily ? "grpc-timeout" : "connect-timeout-ms";
  const value = header.get(name);
  const requested = grpcFamily
    ? parseGrpcTimeoutMs(value)
    : value !== null && /^\d{1,10}$/.test(value)
      ? Number(value)
      : undefined;
  if (value !== null && requested === undefined) return undefined;
  const effective = effectiveTimeoutMs(handler.method, requested, policy);
  if (effective === undefined || effective === requested) return requested;
  header.set(name, grpcFamily ? `${Math.ceil(effective)}m` : String(Math.ceil(effective)));
  return requested;
}

/**
 * Answers with a single HEADERS frame carrying END_STREAM (gRPC's
 * Trailers-Only form). The compatibility API's `writeHead()` + `end()` would
 * send an extra empty DATA frame to end the stream, which is not Trailers-Only.
 */
function respondTrailersOnly(response: Http2ServerResponse, header: Headers): void {
  const stream = response.stream;
  const fields: OutgoingHttpHeaders = { ...response.getHeaders(), ":status": 200 };
  header.forEach((value, key) => {
    fields[key] = value;
  });
  stream.respond(fields, { endStream: true });
  // A client still sending its request stops once the stream is reset with NO_ERROR.
  setImmediate(() => {
    if (!stream.destroyed && stream.state.remoteClose === 0) stream.close(constants.NGHTTP2_NO_ERROR);
  });
}

/**
 * Writes a gRPC response; when its body ends before the first message, as
 * Trailers-Only: one HEADERS frame carrying the trailer fields and END_STREAM.
 */
async function respondTrailersOnlyWhenEmpty(
  universalResponse: UniversalServerResponse,
  response: Http2ServerResponse,
): Promise<void> {
  const { body, trailer } = universalResponse;
  if (body === undefined || trailer === undefined) {
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
  let pending: IteratorResult<Uint8Array> | undefined = first;
  const replayed: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const result = pending;
        pending = undefined;
        if (result !== undefined) return Promise.resolve(result);
        // connect fills the trailer while the body ends; fix its encoding before it is written.
        return iterator.next().then((next) => {
          if (next.done === true) normalizeGrpcMessage(trailer);
          return next;
        });
      },
      throw: (error: unknown) =>
        iterator.throw?.(error) ?? Promise.reject(error instanceof Error ? error : new Error(String(error))),
      return: (value?: unknown) =>
        iterator.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    }),
  };
  await universalResponseToNodeResponse({ ...universalResponse, body: replayed }, response);
}
