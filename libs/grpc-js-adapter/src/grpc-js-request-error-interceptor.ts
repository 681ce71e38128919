import * as grpc from "@grpc/grpc-js";

// grpc-js answers UNIMPLEMENTED when a unary or server-streaming call ends
// without exactly one request message (server.ts, `_runHandlerForUnary` and
// `_runHandlerForServerStream`); a truncated request frame ends up here too.
const requestCountFailure = /^Received (no|a second) request message for /;

/**
 * A grpc-js server interceptor that reports malformed requests as INTERNAL,
 * as grpc-java and grpc-go do, instead of grpc-js's UNIMPLEMENTED (which
 * means "no such method" to clients, proxies and dashboards).
 *
 * grpc-js already answers INTERNAL when request bytes do not decode. What it
 * gets wrong is a unary or server-streaming call whose request stream ends
 * without one complete message — for example a truncated frame, whose partial
 * bytes grpc-js drops — or that carries two. Install it on every grpc-js
 * server: `new grpc.Server({ interceptors: [grpcJsRequestErrorInterceptor] })`.
 *
 * Known limit: on client- and bidi-streaming calls grpc-js drops a truncated
 * final frame silently and ends the request stream normally; no interceptor
 * sees the partial bytes.
 */
export const grpcJsRequestErrorInterceptor: grpc.ServerInterceptor = (_method, call) =>
  new grpc.ServerInterceptingCall(call, {
    sendStatus(status, next) {
      if (status.code === grpc.status.UNIMPLEMENTED && requestCountFailure.test(status.details)) {
        next({ ...status, code: grpc.status.INTERNAL });
        return;
      }
      next(status);
    },
  });
