import assert from "node:assert/strict";
import { createServer, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { connectNodeAdapter, createGrpcTransport } from "@connectrpc/connect-node";
import { SpanKind } from "@opentelemetry/api";
import {
  CatalogService,
  GetProductResponseSchema,
} from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import {
  createConnectClientTelemetryInterceptor,
  createConnectServerTelemetryInterceptor,
} from "./connect-telemetry-interceptors.js";
import { otlpExportEnvironment } from "@switchyard/testing";
import { startOtlpReceiver, type OtlpReceiver } from "./otlp-receiver.test-support.js";
import { rpcMetricNames } from "./rpc-instruments.js";
import { startTelemetry, telemetryEnabledByEnv, type Telemetry } from "./start-telemetry.js";

describe("telemetry enablement", () => {
  it("when no OTLP endpoint is set, then telemetry is off", () => {
    assert.equal(telemetryEnabledByEnv({}), false);
  });
  it("when an endpoint is set, then telemetry is on unless OTEL_SDK_DISABLED=true", () => {
    assert.equal(telemetryEnabledByEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" }), true);
    assert.equal(
      telemetryEnabledByEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
        OTEL_SDK_DISABLED: "true",
      }),
      false,
    );
  });
});

describe("connect RPC spans and metrics exported over OTLP", () => {
  let receiver: OtlpReceiver | undefined;
  let telemetry: Telemetry | undefined;
  let server: Http2Server | undefined;
  let baseUrl = "";
  const okCalls = 3;

  before(async () => {
    receiver = await startOtlpReceiver();
    Object.assign(
      process.env,
      otlpExportEnvironment({
        endpoint: receiver.endpoint,
        protocol: "http/json",
        metrics: true,
        serviceName: "telemetry-test",
      }),
    );
    telemetry = await startTelemetry({ serviceName: "unused-fallback" });
    assert.equal(telemetry.enabled, true);
    server = createServer(
      connectNodeAdapter({
        interceptors: [createConnectServerTelemetryInterceptor()],
        routes: (router) =>
          router.service(CatalogService, {
            getProduct(request) {
              if (request.id !== "known") throw new ConnectError("no such product", Code.NotFound);
              return create(GetProductResponseSchema, { product: { id: "known" } });
            },
          }),
      }),
    );
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await telemetry?.shutdown();
    const running = server;
    if (running !== undefined)
      await new Promise<void>((resolve) =>
        running.close(() => {
          resolve();
        }),
      );
    await receiver?.close();
  });

  it("when calls succeed and fail, then client and server spans link and metrics count them", async () => {
    const client = createClient(
      CatalogService,
      createGrpcTransport({ baseUrl, interceptors: [createConnectClientTelemetryInterceptor()] }),
    );
    for (let call = 0; call < okCalls; call += 1) await client.getProduct({ id: "known" });
    await assert.rejects(client.getProduct({ id: "missing" }), (error: unknown) => {
      assert.equal(ConnectError.from(error).code, Code.NotFound);
      return true;
    });
    await telemetry?.shutdown(); // flushes spans and metrics to the receiver

    const spans = receiver?.spans ?? [];
    const serverSpans = spans.filter((span) => span.kind === SpanKind.SERVER + 1);
    const clientSpans = spans.filter((span) => span.kind === SpanKind.CLIENT + 1);
    assert.equal(serverSpans.length, okCalls + 1, JSON.stringify(spans, null, 2));
    assert.equal(clientSpans.length, okCalls + 1);
    for (const serverSpan of serverSpans) {
      const parent = clientSpans.find((clientSpan) => clientSpan.spanId === serverSpan.parentSpanId);
      assert.ok(parent, "every server span is a child of a client span");
      assert.equal(parent.traceId, serverSpan.traceId);
      assert.equal(serverSpan.name, "switchyard.catalog.v1.CatalogService/GetProduct");
      assert.equal(serverSpan.serviceName, "telemetry-test");
      assert.deepEqual(
        [
          serverSpan.attributes["rpc.system"],
          serverSpan.attributes["rpc.service"],
          serverSpan.attributes["rpc.method"],
        ],
        ["grpc", "switchyard.catalog.v1.CatalogService", "GetProduct"],
      );
    }
    const failed = serverSpans.filter((span) => span.attributes["rpc.grpc.status_code"] === Code.NotFound);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.status?.code, 2, "a failed call's server span has status ERROR");

    const durations = (receiver?.histogramPoints ?? []).filter(
      (point) => point.metric === rpcMetricNames.serverDuration,
    );
    const countFor = (code: number): number =>
      durations
        .filter((point) => point.attributes["rpc.grpc.status_code"] === code)
        .reduce((sum, point) => sum + point.count, 0);
    assert.equal(countFor(0), okCalls);
    assert.equal(countFor(Code.NotFound), 1);
    assert.ok(durations.every((point) => point.attributes["rpc.method"] === "GetProduct"));
  });
});
