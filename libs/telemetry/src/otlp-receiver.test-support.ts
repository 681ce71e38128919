import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A span as found in an OTLP/JSON export request. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Record<string, string | number | boolean>;
  readonly status?: { code?: number; message?: string };
  readonly serviceName: string;
}

/** A metric data point as found in an OTLP/JSON export request. */
export interface ReceivedHistogramPoint {
  readonly metric: string;
  readonly count: number;
  readonly attributes: Record<string, string | number | boolean>;
}

interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

function flatten(attributes: OtlpKeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes ?? []) {
    out[key] = value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue);
  }
  return out;
}

/** A real OTLP/HTTP (JSON encoding) receiver on 127.0.0.1, collecting what exporters send. */
export interface OtlpReceiver {
  readonly endpoint: string;
  readonly spans: ReceivedSpan[];
  readonly histogramPoints: ReceivedHistogramPoint[];
  close(): Promise<void>;
}

interface TracesRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: {
      spans?: (Omit<ReceivedSpan, "attributes" | "serviceName"> & { attributes?: OtlpKeyValue[] })[];
    }[];
  }[];
}
interface MetricsRequest {
  resourceMetrics?: {
    scopeMetrics?: {
      metrics?: {
        name: string;
        histogram?: { dataPoints?: { count: string | number; attributes?: OtlpKeyValue[] }[] };
      }[];
    }[];
  }[];
}

/** Starts an {@link OtlpReceiver} on a free loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const histogramPoints: ReceivedHistogramPoint[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as TracesRequest &
        MetricsRequest;
      if (request.url === "/v1/traces") {
        for (const resourceSpans of body.resourceSpans ?? []) {
          const serviceName = String(flatten(resourceSpans.resource?.attributes)["service.name"]);
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({ ...span, attributes: flatten(span.attributes), serviceName });
            }
          }
        }
      } else if (request.url === "/v1/metrics") {
        for (const resourceMetrics of body.resourceMetrics ?? []) {
          for (const scope of resourceMetrics.scopeMetrics ?? []) {
            for (const metric of scope.metrics ?? []) {
              for (const point of metric.histogram?.dataPoints ?? []) {
                histogramPoints.push({
                  metric: metric.name,
                  count: Number(point.count),
                  attributes: flatten(point.attributes),
                });
              }
            }
          }
        }
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    histogramPoints,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}
