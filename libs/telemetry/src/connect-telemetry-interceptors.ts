import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from "@opentelemetry/api";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { ensureTraceContextPropagation } from "./trace-propagation.js";
import { rpcAttributes, rpcInstruments } from "./rpc-instruments.js";

const headersGetter: TextMapGetter<Headers> = {
  keys: (carrier) => [...carrier.keys()],
  get: (carrier, key) => carrier.get(key) ?? undefined,
};
const headersSetter: TextMapSetter<Headers> = {
  set: (carrier, key, value) => {
    carrier.set(key, value);
  },
};

const tracer = () => trace.getTracer("@switchyard/telemetry");

/** Ends `span` with the gRPC status `code` and records its duration. */
function finish(
  span: Span,
  code: Code | 0,
  recordDuration: (code: number) => void,
  error?: ConnectError,
): void {
  span.setAttribute("rpc.grpc.status_code", code);
  if (error !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.rawMessage });
  }
  recordDuration(code);
  span.end();
}

/** Counts the messages an async iterable yields and calls `done` once it ends, however it ends. */
async function* observeStream<T>(
  source: AsyncIterable<T>,
  onMessage: () => void,
  done: (error: unknown) => void,
): AsyncGenerator<T> {
  let failure: unknown = undefined;
  try {
    for await (const message of source) {
      onMessage();
      yield message;
    }
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    done(failure);
  }
}

/**
 * A connect server interceptor that opens a SERVER span per RPC (parented on
 * the caller's W3C `traceparent`), makes it active while the handler runs so
 * outgoing calls become its children, and records
 * `rpc.server.call.duration`, active calls and messages per stream.
 */
export function createConnectServerTelemetryInterceptor(): Interceptor {
  ensureTraceContextPropagation();
  return (next) => async (request) => {
    const attributes = rpcAttributes(request.service.typeName, request.method.name);
    const parent = propagation.extract(context.active(), request.header, headersGetter);
    const span = tracer().startSpan(
      `${request.service.typeName}/${request.method.name}`,
      { kind: SpanKind.SERVER, attributes },
      parent,
    );
    const instruments = rpcInstruments();
    const started = performance.now();
    instruments.serverActiveCalls.add(1, attributes);
    let ended = false;
    const end = (error: unknown): void => {
      if (ended) return;
      ended = true;
      instruments.serverActiveCalls.add(-1, attributes);
      const connectError = error === undefined ? undefined : ConnectError.from(error);
      finish(
        span,
        connectError?.code ?? 0,
        (code) => {
          instruments.serverDuration.record((performance.now() - started) / 1000, {
            ...attributes,
            "rpc.grpc.status_code": code,
          });
        },
        connectError,
      );
    };
    const active = trace.setSpan(parent, span);
    let requests = 0;
    const observedRequest = request.stream
      ? {
          ...request,
          message: observeStream(
            request.message,
            () => (requests += 1),
            () => undefined,
          ),
        }
      : request;
    try {
      const response = await context.with(active, () => next(observedRequest));
      if (!response.stream) {
        end(undefined);
        return response;
      }
      let responses = 0;
      return {
        ...response,
        message: observeStream(
          response.message,
          () => (responses += 1),
          (error) => {
            instruments.serverRequestsPerRpc.record(request.stream ? requests : 1, attributes);
            instruments.serverResponsesPerRpc.record(responses, attributes);
            end(error);
          },
        ),
      };
    } catch (error) {
      end(error);
      throw error;
    }
  };
}

/**
 * A connect client interceptor that opens a CLIENT span per outgoing RPC,
 * injects W3C trace context into the request headers and records
 * `rpc.client.call.duration`.
 */
export function createConnectClientTelemetryInterceptor(): Interceptor {
  ensureTraceContextPropagation();
  return (next) => async (request) => {
    const attributes = rpcAttributes(request.service.typeName, request.method.name);
    const span = tracer().startSpan(`${request.service.typeName}/${request.method.name}`, {
      kind: SpanKind.CLIENT,
      attributes,
    });
    propagation.inject(trace.setSpan(context.active(), span), request.header, headersSetter);
    const started = performance.now();
    let ended = false;
    const end = (error: unknown): void => {
      if (ended) return;
      ended = true;
      const connectError = error === undefined ? undefined : ConnectError.from(error);
      finish(
        span,
        connectError?.code ?? 0,
        (code) => {
          rpcInstruments().clientDuration.record((performance.now() - started) / 1000, {
            ...attributes,
            "rpc.grpc.status_code": code,
          });
        },
        connectError,
      );
    };
    try {
      const response = await next(request);
      if (!response.stream) {
        end(undefined);
        return response;
      }
      return {
        ...response,
        message: observeStream(response.message, () => undefined, end),
      };
    } catch (error) {
      end(error);
      throw error;
    }
  };
}
