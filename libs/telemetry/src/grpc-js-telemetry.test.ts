import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { SpanKind } from "@opentelemetry/api";
import { addBufServiceToGrpcJsServer, createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import {
  createGrpcJsClientTelemetryInterceptor,
  createGrpcJsServerTelemetryInterceptor,
} from "./grpc-js-telemetry-interceptors.js";
import { otlpExportEnvironment } from "@switchyard/testing";
import { startOtlpReceiver, type OtlpReceiver } from "./otlp-receiver.test-support.js";
import { rpcMetricNames } from "./rpc-instruments.js";
import { startTelemetry, type Telemetry } from "./start-telemetry.js";

describe("grpc-js RPC spans and metrics exported over OTLP", () => {
  let receiver: OtlpReceiver | undefined;
  let telemetry: Telemetry | undefined;
  let server: grpc.Server | undefined;
  let address = "";

  before(async () => {
    receiver = await startOtlpReceiver();
    Object.assign(
      process.env,
      otlpExportEnvironment({
        endpoint: receiver.endpoint,
        protocol: "http/json",
        metrics: true,
        serviceName: "grpc-js-telemetry-test",
      }),
    );
    telemetry = await startTelemetry({ serviceName: "unused-fallback" });
    const grpcServer = new grpc.Server({ interceptors: [createGrpcJsServerTelemetryInterceptor()] });
    addBufServiceToGrpcJsServer(grpcServer, EchoService, {
      echo: (call, callback) => {
        if (call.request.message === "fail") {
          callback({ code: grpc.status.FAILED_PRECONDITION, details: "asked to fail" });
          return;
        }
        callback(null, { message: call.request.message });
      },
      serverStream: (call) => {
        call.write({ message: "one" });
        call.write({ message: "two" });
        call.end();
      },
      clientStream: (_call, callback) => {
        callback({ code: grpc.status.UNIMPLEMENTED, details: "not used here" });
      },
      bidiStream: (call) => {
        call.end();
      },
    });
    server = grpcServer;
    const port = await new Promise<number>((resolve, reject) => {
      grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
        if (error) reject(error);
        else resolve(bound);
      });
    });
    address = `127.0.0.1:${port}`;
  });

  after(async () => {
    await telemetry?.shutdown();
    server?.forceShutdown();
    await receiver?.close();
  });

  it("when unary and streaming calls run, then spans link client to server and metrics count them", async () => {
    const client = createGrpcJsClient(EchoService, address, grpc.credentials.createInsecure(), {
      interceptors: [createGrpcJsClientTelemetryInterceptor()],
    });
    try {
      await client.echo({ message: "hello" });
      await assert.rejects(client.echo({ message: "fail" }), /asked to fail/);
      const stream = client.serverStream({ message: "x" });
      const received: string[] = [];
      for await (const message of stream as AsyncIterable<{ message: string }>)
        received.push(message.message);
      assert.deepEqual(received, ["one", "two"]);
    } finally {
      client.close();
    }
    await telemetry?.shutdown();

    const spans = receiver?.spans ?? [];
    const serverSpans = spans.filter((span) => span.kind === SpanKind.SERVER + 1);
    const clientSpans = spans.filter((span) => span.kind === SpanKind.CLIENT + 1);
    assert.equal(serverSpans.length, 3, JSON.stringify(spans, null, 2));
    for (const serverSpan of serverSpans) {
      const parent = clientSpans.find((clientSpan) => clientSpan.spanId === serverSpan.parentSpanId);
      assert.ok(parent, `server span ${serverSpan.name} has its client span as parent`);
      assert.equal(parent.traceId, serverSpan.traceId);
      assert.equal(serverSpan.attributes["rpc.service"], "switchyard.testing.v1.EchoService");
    }
    const failed = serverSpans.find(
      (span) => span.attributes["rpc.grpc.status_code"] === grpc.status.FAILED_PRECONDITION,
    );
    assert.equal(failed?.status?.code, 2, "the failed call's span has status ERROR");

    const points = (receiver?.histogramPoints ?? []).filter(
      (point) => point.metric === rpcMetricNames.serverDuration,
    );
    const count = (method: string, code: number): number =>
      points
        .filter(
          (point) =>
            point.attributes["rpc.method"] === method && point.attributes["rpc.grpc.status_code"] === code,
        )
        .reduce((sum, point) => sum + point.count, 0);
    assert.equal(count("Echo", grpc.status.OK), 1);
    assert.equal(count("Echo", grpc.status.FAILED_PRECONDITION), 1);
    assert.equal(count("ServerStream", grpc.status.OK), 1);
    const responsesPerRpc = (receiver?.histogramPoints ?? []).find(
      (point) =>
        point.metric === rpcMetricNames.serverResponsesPerRpc &&
        point.attributes["rpc.method"] === "ServerStream",
    );
    assert.equal(responsesPerRpc?.count, 1, "one streaming RPC recorded its message count");
  });
});
