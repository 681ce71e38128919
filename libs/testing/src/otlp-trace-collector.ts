import { create } from "@bufbuild/protobuf";
import {
  ExportTraceServiceResponseSchema,
  TraceService,
} from "@switchyard/proto/opentelemetry/proto/collector/trace/v1/trace_service";
import type { AnyValue, KeyValue } from "@switchyard/proto/opentelemetry/proto/common/v1/common";
import { Span_SpanKind, Status_StatusCode } from "@switchyard/proto/opentelemetry/proto/trace/v1/trace";
import { startConnectTestServer } from "./connect-test-server.js";

/** One span received by the collector, flattened for assertions. */
export interface CollectedSpan {
  /** Hex trace id. */
  readonly traceId: string;
  /** Hex span id. */
  readonly spanId: string;
  /** Hex parent span id; empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: "internal" | "server" | "client" | "producer" | "consumer" | "unspecified";
  /** `service.name` of the resource that sent it. */
  readonly serviceName: string;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  /** Span status: "unset", "ok" or "error". */
  readonly status: "unset" | "ok" | "error";
}

/** A running OTLP/gRPC trace collector, see {@link startOtlpTraceCollector}. */
export interface OtlpTraceCollector {
  /** `http://127.0.0.1:<port>`: the value for `OTEL_EXPORTER_OTLP_ENDPOINT` with protocol `grpc`. */
  readonly endpoint: string;
  readonly port: number;
  /** Every span received so far. */
  readonly spans: readonly CollectedSpan[];
  /** Resolves once `predicate` holds for the received spans; rejects after `timeoutMs`. */
  waitFor(predicate: (spans: readonly CollectedSpan[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

function valueOf(value: AnyValue | undefined): string | number | boolean {
  const inner = value?.value;
  switch (inner?.case) {
    case "stringValue":
    case "boolValue":
    case "doubleValue":
      return inner.value;
    case "intValue":
      return Number(inner.value);
    default:
      return "";
  }
}

function flatten(attributes: readonly KeyValue[]): Record<string, string | number | boolean> {
  return Object.fromEntries(attributes.map((attribute) => [attribute.key, valueOf(attribute.value)]));
}

const kinds: Record<Span_SpanKind, CollectedSpan["kind"]> = {
  [Span_SpanKind.UNSPECIFIED]: "unspecified",
  [Span_SpanKind.INTERNAL]: "internal",
  [Span_SpanKind.SERVER]: "server",
  [Span_SpanKind.CLIENT]: "client",
  [Span_SpanKind.PRODUCER]: "producer",
  [Span_SpanKind.CONSUMER]: "consumer",
};
const statuses: Record<Status_StatusCode, CollectedSpan["status"]> = {
  [Status_StatusCode.UNSET]: "unset",
  [Status_StatusCode.OK]: "ok",
  [Status_StatusCode.ERROR]: "error",
};

/**
 * Starts a real OTLP/gRPC trace receiver (`opentelemetry.proto.collector.trace.v1.TraceService`)
 * on 127.0.0.1, h2c, for tests: OpenTelemetry SDK exporters (`OTEL_EXPORTER_OTLP_PROTOCOL=grpc`)
 * and Envoy's OpenTelemetry tracer send to it as they would to a collector.
 */
export async function startOtlpTraceCollector(): Promise<OtlpTraceCollector> {
  const spans: CollectedSpan[] = [];
  const waiters = new Set<() => void>();
  const server = await startConnectTestServer({
    routes: (router) =>
      router.service(TraceService, {
        export(request) {
          for (const resourceSpans of request.resourceSpans) {
            const serviceName = String(
              flatten(resourceSpans.resource?.attributes ?? [])["service.name"] ?? "",
            );
            for (const scopeSpans of resourceSpans.scopeSpans) {
              for (const span of scopeSpans.spans) {
                spans.push({
                  traceId: hex(span.traceId),
                  spanId: hex(span.spanId),
                  parentSpanId: hex(span.parentSpanId),
                  name: span.name,
                  kind: kinds[span.kind],
                  serviceName,
                  attributes: flatten(span.attributes),
                  status: statuses[span.status?.code ?? Status_StatusCode.UNSET],
                });
              }
            }
          }
          for (const wake of waiters) wake();
          return create(ExportTraceServiceResponseSchema);
        },
      }),
  });
  const { port } = server;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    spans,
    waitFor: (predicate, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(spans)) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`spans did not arrive in ${timeoutMs} ms; have:\n${JSON.stringify(spans, null, 2)}`),
          );
        }, timeoutMs);
        const check = (): void => {
          if (!predicate(spans)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
    close: () => server.close(),
  };
}
