import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from "@opentelemetry/api";
import {
  InterceptingCall,
  Metadata,
  ServerInterceptingCall,
  status as GrpcStatus,
  type Interceptor,
  type ServerInterceptor,
} from "@grpc/grpc-js";
import { ensureTraceContextPropagation } from "./trace-propagation.js";
import { rpcAttributes, rpcInstruments, splitGrpcPath } from "./rpc-instruments.js";

const metadataGetter: TextMapGetter<Metadata> = {
  keys: (carrier) => Object.keys(carrier.getMap()),
  get: (carrier, key) => {
    const [value] = carrier.get(key);
    return typeof value === "string" ? value : undefined;
  },
};
const metadataSetter: TextMapSetter<Metadata> = {
  set: (carrier, key, value) => {
    carrier.set(key, value);
  },
};

const tracer = () => trace.getTracer("@switchyard/telemetry");

/**
 * A grpc-js server interceptor with the same behaviour as
 * `createConnectServerTelemetryInterceptor`: a SERVER span per RPC parented on
 * the caller's `traceparent`, active while the handler is invoked, and the
 * RPC server metrics.
 */
export function createGrpcJsServerTelemetryInterceptor(): ServerInterceptor {
  ensureTraceContextPropagation();
  return (methodDescriptor, call) => {
    const { service, method } = splitGrpcPath(methodDescriptor.path);
    const attributes = rpcAttributes(service, method);
    const instruments = rpcInstruments();
    const started = performance.now();
    let active: Context = context.active();
    let span: ReturnType<ReturnType<typeof tracer>["startSpan"]> | undefined;
    let requests = 0;
    let responses = 0;
    return new ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            const parent = propagation.extract(context.active(), metadata, metadataGetter);
            span = tracer().startSpan(`${service}/${method}`, { kind: SpanKind.SERVER, attributes }, parent);
            active = trace.setSpan(parent, span);
            instruments.serverActiveCalls.add(1, attributes);
            context.with(active, () => {
              nextMetadata(metadata);
            });
          },
          onReceiveMessage: (message, nextMessage) => {
            requests += 1;
            context.with(active, () => {
              nextMessage(message);
            });
          },
          onReceiveHalfClose: (nextHalfClose) => {
            context.with(active, () => {
              nextHalfClose();
            });
          },
        });
      },
      sendMessage: (message, nextMessage) => {
        responses += 1;
        nextMessage(message);
      },
      sendStatus: (status, nextStatus) => {
        const code = status.code;
        if (span !== undefined) {
          span.setAttribute("rpc.grpc.status_code", code);
          if (code !== GrpcStatus.OK) span.setStatus({ code: SpanStatusCode.ERROR, message: status.details });
          span.end();
          instruments.serverActiveCalls.add(-1, attributes);
        }
        instruments.serverDuration.record((performance.now() - started) / 1000, {
          ...attributes,
          "rpc.grpc.status_code": code,
        });
        if (methodDescriptor.requestStream || methodDescriptor.responseStream) {
          instruments.serverRequestsPerRpc.record(requests, attributes);
          instruments.serverResponsesPerRpc.record(responses, attributes);
        }
        nextStatus(status);
      },
    });
  };
}

/**
 * A grpc-js client interceptor: a CLIENT span per outgoing RPC, W3C trace
 * context injected into the call metadata, and `rpc.client.call.duration`.
 */
export function createGrpcJsClientTelemetryInterceptor(): Interceptor {
  ensureTraceContextPropagation();
  return (options, nextCall) => {
    const { service, method } = splitGrpcPath(options.method_definition.path);
    const attributes = rpcAttributes(service, method);
    const span = tracer().startSpan(`${service}/${method}`, { kind: SpanKind.CLIENT, attributes });
    const started = performance.now();
    return new InterceptingCall(nextCall(options), {
      start: (metadata, _listener, next) => {
        propagation.inject(trace.setSpan(context.active(), span), metadata, metadataSetter);
        next(metadata, {
          onReceiveStatus: (status, nextStatus) => {
            span.setAttribute("rpc.grpc.status_code", status.code);
            if (status.code !== GrpcStatus.OK) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: status.details });
            }
            span.end();
            rpcInstruments().clientDuration.record((performance.now() - started) / 1000, {
              ...attributes,
              "rpc.grpc.status_code": status.code,
            });
            nextStatus(status);
          },
        });
      },
    });
  };
}
