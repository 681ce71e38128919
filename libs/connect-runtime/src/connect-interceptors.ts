import type { Message } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextKey, type Interceptor } from "@connectrpc/connect";
import { grpcStatusName } from "@switchyard/grpc-status";
import type { Logger } from "pino";
import type { Caller } from "@switchyard/auth";
import { type RequestValidator, callTraceIds } from "@switchyard/service-runtime";
import { callerKey } from "./connect-auth-interceptor.js";

/** What the node request handler knows about a call that interceptors cannot see. */
export interface ConnectCallInfo {
  /** `address:port` of the client (or of the proxy in front). */
  readonly peer: string;
  /** Whether load shedding admitted the call. */
  readonly admitted: boolean;
}

/** Carries {@link ConnectCallInfo} from the node request handler to the interceptors. */
export const connectCallInfoKey = createContextKey<ConnectCallInfo>(
  { peer: "unknown", admitted: true },
  { description: "switchyard call info" },
);

/**
 * The single place where a throwable that is not a ConnectError becomes a gRPC
 * error on the connect-node stack: INTERNAL with a generic message on the
 * wire, the original in `cause` and in the log line.
 */
export function toPublicConnectError(error: unknown, logger: Logger, procedure: string): ConnectError {
  if (error instanceof ConnectError) return error;
  logger.error(
    { err: error, method: procedure },
    "handler failed with an unexpected error; answered INTERNAL",
  );
  return new ConnectError("internal error", Code.Internal, undefined, undefined, error);
}

/** The caller's subject for a log line: who called, never their token. */
function subjectOf(caller: Caller | undefined): { subject?: string } {
  return caller === undefined ? {} : { subject: caller.subject };
}

async function* observeStream<T>(
  messages: AsyncIterable<T>,
  onEnd: (error: unknown) => void,
  mapError: (error: unknown) => unknown = (error) => error,
): AsyncGenerator<T> {
  let ended = false;
  try {
    yield* messages;
    ended = true;
    onEnd(undefined);
  } catch (error) {
    ended = true;
    const mapped = mapError(error);
    onEnd(mapped);
    throw mapped;
  } finally {
    if (!ended) onEnd(new ConnectError("stream closed by the client", Code.Canceled));
  }
}

/**
 * Writes one structured line per call when it ends: method, canonical code,
 * duration, peer, and the trace and span ids of the call (see `callTraceIds`).
 * Streaming calls are logged when their response stream ends.
 */
export function createLoggingInterceptor(logger: Logger): Interceptor {
  return (next) => async (request) => {
    const started = performance.now();
    const procedure = `/${request.service.typeName}/${request.method.name}`;
    const traceIds = callTraceIds(request.header.get("traceparent"));
    const log = (error: unknown): void => {
      const code: Code | 0 = error === undefined ? 0 : ConnectError.from(error).code;
      const line = {
        method: procedure,
        code: grpcStatusName(code),
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        peer: request.contextValues.get(connectCallInfoKey).peer,
        ...subjectOf(request.contextValues.get(callerKey)),
        ...traceIds,
      };
      if (code === Code.Internal || code === Code.Unknown || code === Code.DataLoss)
        logger.error(line, "call");
      else logger.info(line, "call");
    };
    try {
      const response = await next(request);
      if (!response.stream) {
        log(undefined);
        return response;
      }
      return { ...response, message: observeStream(response.message, log) };
    } catch (error) {
      log(error);
      throw error;
    }
  };
}

/**
 * Turns unknown throwables into INTERNAL via {@link toPublicConnectError}, for unary and
 * streaming calls. A call whose signal was aborted first (the client left, the deadline
 * passed, the server is stopping) ends with the abort's reason instead: what a handler
 * throws once its signal fires (an AbortError from a timer or a driver) is the abort
 * surfacing, not a fault of the handler's.
 */
export function createErrorInterceptor(logger: Logger): Interceptor {
  return (next) => async (request) => {
    const procedure = `/${request.service.typeName}/${request.method.name}`;
    const toPublic = (error: unknown): ConnectError =>
      !(error instanceof ConnectError) && request.signal.aborted
        ? ConnectError.from(request.signal.reason)
        : toPublicConnectError(error, logger, procedure);
    try {
      const response = await next(request);
      if (!response.stream) return response;
      return { ...response, message: observeStream(response.message, () => undefined, toPublic) };
    } catch (error) {
      throw toPublic(error);
    }
  };
}

/**
 * Enforces the protovalidate rules of every request message (each message of
 * a request stream as it arrives): a violation ends the call with
 * INVALID_ARGUMENT and `google.rpc.BadRequest` details before the handler sees it.
 */
export function createValidationInterceptor(validator: RequestValidator): Interceptor {
  return (next) => async (request) => {
    if (!request.stream) {
      const error = validator.check(request.method.input, request.message);
      if (error !== undefined) throw error;
      return next(request);
    }
    const input = request.method.input;
    const messages = request.message;
    async function* validated(): AsyncGenerator<Message> {
      for await (const message of messages) {
        const error = validator.check(input, message);
        if (error !== undefined) throw error;
        yield message;
      }
    }
    return next({ ...request, message: validated() });
  };
}
