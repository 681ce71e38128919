import { randomUUID } from "node:crypto";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import {
  createConnectClientTelemetryInterceptor,
  startTelemetry,
  type Telemetry,
} from "@switchyard/telemetry";
import {
  otlpExportEnvironment,
  startOtlpTraceCollector,
  type CollectedSpan,
  type OtlpTraceCollector,
} from "@switchyard/testing";
import type { RunningPlatform } from "./local-platform.js";
import { startTestPlatform, type TestPlatform } from "./testing/test-platform.js";

const placeOrder = "switchyard.checkout.v1.CheckoutService/PlaceOrder";

/** The spans of one trace, found from the test client's span for `placeOrder`. */
function traceOf(spans: readonly CollectedSpan[], status: "unset" | "error"): CollectedSpan[] {
  const root = spans.find(
    (span) =>
      span.serviceName === "trace-test-client" &&
      span.name === placeOrder &&
      (status === "error" ? span.status === "error" : span.status !== "error"),
  );
  return root === undefined ? [] : spans.filter((span) => span.traceId === root.traceId);
}

function one(
  spans: readonly CollectedSpan[],
  serviceName: string,
  kind: CollectedSpan["kind"],
  name?: string,
) {
  const found = spans.filter(
    (span) =>
      span.serviceName === serviceName && span.kind === kind && (name === undefined || span.name === name),
  );
  assert.ok(
    found.length >= 1,
    `a ${kind} span of ${serviceName} ${name ?? ""} in ${JSON.stringify(spans, null, 2)}`,
  );
  return found[0] as CollectedSpan;
}

/** Asserts that `child`'s parent chain reaches `ancestor` within the trace. */
function assertDescends(
  spans: readonly CollectedSpan[],
  child: CollectedSpan,
  ancestor: CollectedSpan,
): void {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  for (
    let current = byId.get(child.parentSpanId);
    current !== undefined;
    current = byId.get(current.parentSpanId)
  ) {
    if (current.spanId === ancestor.spanId) return;
  }
  assert.fail(
    `${child.serviceName} ${child.name} does not descend from ${ancestor.serviceName} ${ancestor.name}`,
  );
}

describe("one trace from client through Envoy to every service", () => {
  let collector: OtlpTraceCollector | undefined;
  let telemetry: Telemetry | undefined;
  let platform: RunningPlatform | undefined;
  let started: TestPlatform | undefined;
  const savedEnv = { ...process.env };

  before(async () => {
    collector = await startOtlpTraceCollector();
    // The replicas inherit these: every process exports OTLP/gRPC to the collector.
    Object.assign(
      process.env,
      otlpExportEnvironment({
        endpoint: collector.endpoint,
        protocol: "grpc",
        serviceName: "trace-test-client",
        spanExportDelayMs: 100,
      }),
    );
    telemetry = await startTelemetry({ serviceName: "trace-test-client" });
    // Each replica names itself (OTEL_SERVICE_NAME would name them all alike).
    delete process.env["OTEL_SERVICE_NAME"];
    started = await startTestPlatform("trace");
    platform = started.platform;
  });

  after(async () => {
    await started?.stop();
    await telemetry?.shutdown();
    await collector?.close();
    process.env = savedEnv;
  });

  it("when an order is placed and one fails, then each is one trace with the right parents and statuses", async () => {
    assert.ok(platform && collector && telemetry?.enabled);
    assert.ok(started);
    const authorization = await started.authorization(["orders.write"]);
    const checkout = createClient(
      CheckoutService,
      createGrpcTransport({
        baseUrl: `http://127.0.0.1:${platform.envoy.plaintextPort}`,
        interceptors: [createConnectClientTelemetryInterceptor()],
      }),
    );
    await checkout.placeOrder(
      {
        requestId: randomUUID(),
        customerId: "cust-trace",
        lines: [{ productId: "sku-espresso-250g", quantity: 2 }],
      },
      { timeoutMs: 10_000, headers: { authorization } },
    );
    await assert.rejects(
      checkout.placeOrder(
        {
          requestId: randomUUID(),
          customerId: "cust-trace",
          lines: [{ productId: "sku-does-not-exist", quantity: 1 }],
        },
        { timeoutMs: 10_000, headers: { authorization } },
      ),
      (error: unknown) => ConnectError.from(error).code === Code.NotFound,
    );
    await telemetry.shutdown();

    const complete = (spans: readonly CollectedSpan[]): boolean => {
      const trace = traceOf(spans, "unset");
      const services = new Set(trace.map((span) => `${span.serviceName}/${span.kind}`));
      return ["switchyard-envoy/server", "checkout/server", "catalog/server", "pricing/server"].every((key) =>
        services.has(key),
      );
    };
    await collector.waitFor(complete, 15_000);
    const trace = traceOf(collector.spans, "unset");
    const client = one(trace, "trace-test-client", "client", placeOrder);
    const envoy = one(trace, "switchyard-envoy", "server");
    const checkoutServer = one(trace, "checkout", "server", placeOrder);
    const catalogClient = one(trace, "checkout", "client", "switchyard.catalog.v1.CatalogService/GetProduct");
    const catalogServer = one(trace, "catalog", "server", "switchyard.catalog.v1.CatalogService/GetProduct");
    const pricingClient = one(trace, "checkout", "client", "switchyard.pricing.v1.PricingService/Quote");
    const pricingServer = one(trace, "pricing", "server", "switchyard.pricing.v1.PricingService/Quote");

    assert.equal(envoy.parentSpanId, client.spanId, "Envoy's span is the client span's child");
    assertDescends(trace, checkoutServer, envoy);
    assert.equal(catalogClient.parentSpanId, checkoutServer.spanId);
    assert.equal(pricingClient.parentSpanId, checkoutServer.spanId);
    assert.equal(catalogServer.parentSpanId, catalogClient.spanId);
    assert.equal(pricingServer.parentSpanId, pricingClient.spanId);
    for (const span of [checkoutServer, catalogServer, pricingServer]) {
      assert.equal(span.attributes["rpc.system"], "grpc");
      assert.equal(span.attributes["rpc.grpc.status_code"], 0);
      assert.notEqual(span.status, "error");
    }

    // The service's log line of the call carries the same trace and span ids as its server span.
    const checkoutReplica = platform.replicas.find((replica) => replica.service === "checkout");
    assert.ok(checkoutReplica);
    const callLines = checkoutReplica.logLines.filter(
      (line) => line["msg"] === "call" && line["method"] === `/${placeOrder}`,
    );
    assert.ok(
      callLines.some(
        (line) => line["traceId"] === checkoutServer.traceId && line["spanId"] === checkoutServer.spanId,
      ),
      `a log line with trace ${checkoutServer.traceId} and span ${checkoutServer.spanId}: ${JSON.stringify(callLines)}`,
    );

    // The caller's subject is on the span of a call that needed a token, as in its log line;
    // public calls carry none, and no span carries the token.
    const subject = callLines.find((line) => line["spanId"] === checkoutServer.spanId)?.["subject"];
    assert.equal(typeof subject, "string");
    assert.equal(checkoutServer.attributes["enduser.id"], subject);
    assert.equal(pricingServer.attributes["enduser.id"], undefined, "Quote is public");
    const token = authorization.slice("Bearer ".length);
    assert.ok(!JSON.stringify(collector.spans).includes(token), "no span carries the token");

    await collector.waitFor(
      (spans) => traceOf(spans, "error").some((span) => span.serviceName === "catalog"),
      15_000,
    );
    const failed = traceOf(collector.spans, "error");
    const failedCheckout = one(failed, "checkout", "server", placeOrder);
    const failedCatalog = one(failed, "catalog", "server", "switchyard.catalog.v1.CatalogService/GetProduct");
    assert.equal(failedCheckout.attributes["rpc.grpc.status_code"], Code.NotFound);
    assert.equal(failedCheckout.status, "error");
    assert.equal(failedCatalog.attributes["rpc.grpc.status_code"], Code.NotFound);
    assert.equal(failedCatalog.status, "error");
  });
});
