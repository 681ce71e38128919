// The container path production takes: every app's image built by its Nx `container`
// target, deploy/compose/compose.yaml started for real (testcontainers + docker compose),
// the whole integration suite through compose's Envoy with all four clients, a rolling
// restart under load, and one order's trace in the collector. Where no Docker engine
// answers, everything here is skipped with the reason (`.ci/run` starts one).
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { startComposeStack, type ComposeStack } from "@switchyard/deploy-compose";
import { probeDockerEngine } from "@switchyard/deploy-image";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { describeEntryPoint } from "./describe-entry-point.js";
import { composeEntryPoint } from "./entry-points.js";
import { knownProduct } from "./suite-cases.js";
import { useSuiteFixture } from "./suite-fixture.js";

const engine = await probeDockerEngine();
const skip = engine.available
  ? false
  : `no Docker engine answers at ${engine.endpoint} (${engine.reason}): ` +
    "the container suite needs one (`bash tools/toolchain/docker-engine.sh start`, as root on Linux, starts one)";
if (skip !== false) console.log(`# skipping the container suite: ${skip}`);

const log = (line: string) => {
  console.log(`# [compose] ${line}`);
};

/** One span of the collector's debug exporter output (verbosity "detailed"). */
interface CollectedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string;
  readonly name: string;
}

/** Reads spans from the collector's log: its debug exporter prints each with its resource's service.name. */
function spansInCollectorLog(lines: readonly string[]): CollectedSpan[] {
  const spans: CollectedSpan[] = [];
  let service = "";
  let current: { traceId?: string; parentId?: string; spanId?: string } = {};
  for (const line of lines) {
    const serviceName = /-> service\.name: Str\((.*)\)$/.exec(line)?.[1];
    if (serviceName !== undefined) service = serviceName;
    const field = /^\s*(Trace ID|Parent ID|ID|Name)\s*: ?(.*)$/.exec(line);
    if (field === null) continue;
    const [, key, value = ""] = field;
    if (key === "Trace ID") current = { traceId: value.trim() };
    else if (key === "Parent ID") current.parentId = value.trim();
    else if (key === "ID") current.spanId = value.trim();
    else if (current.traceId !== undefined && current.spanId !== undefined) {
      spans.push({
        service,
        traceId: current.traceId,
        spanId: current.spanId,
        parentId: current.parentId ?? "",
        name: value.trim(),
      });
      current = {};
    }
  }
  return spans;
}

describe("docker compose: the images production runs", { skip }, () => {
  const { running, pythonStubs } = useSuiteFixture(
    () => startComposeStack({ log, collectorDebugVerbosity: "detailed" }),
    (stack: ComposeStack) => stack.down(),
  );

  describeEntryPoint(composeEntryPoint(running), pythonStubs);

  describe("compose stack", () => {
    it("when one replica of every service is stopped and started again under load through Envoy, then no call fails", async () => {
      const transport = createGrpcTransport({ baseUrl: `http://${running().envoyAddress}` });
      const catalog = createClient(CatalogService, transport);
      const pricing = createClient(PricingService, transport);
      const checkout = createClient(CheckoutService, transport);
      const calls = [
        () => catalog.getProduct({ id: knownProduct }, { timeoutMs: 10_000 }),
        () =>
          pricing.quote(
            {
              currencyCode: "EUR",
              lineItems: [
                {
                  productId: knownProduct,
                  quantity: 1,
                  unitPrice: { currencyCode: "EUR", minorUnits: 1290n },
                },
              ],
            },
            { timeoutMs: 10_000 },
          ),
        () =>
          checkout.placeOrder(
            {
              requestId: randomUUID(),
              customerId: "compose-restart",
              lines: [{ productId: knownProduct, quantity: 1 }],
            },
            { timeoutMs: 10_000 },
          ),
      ];
      const failures: string[] = [];
      let completed = 0;
      let stopping = false;
      // Bounded: 8 callers, at most 40,000 calls, and they stop when the restart is over.
      const maxCalls = 40_000;
      const callers = Array.from({ length: 8 }, async (_, caller) => {
        for (let turn = caller; !stopping && completed + failures.length < maxCalls; turn++) {
          const call = calls[turn % calls.length];
          assert.ok(call);
          try {
            await call();
            completed++;
          } catch (error) {
            const connectError = ConnectError.from(error);
            failures.push(`${Code[connectError.code]}: ${connectError.rawMessage}`);
          }
        }
      });
      const restarted = ["catalog-1", "pricing-1", "checkout-1"];
      try {
        const before = completed;
        log(`stopping ${restarted.join(", ")} (SIGTERM: drain, then exit) under load`);
        await Promise.all(restarted.map((service) => running().stop(service)));
        log(`starting ${restarted.join(", ")} again`);
        await Promise.all(restarted.map((service) => running().start(service)));
        // Back in rotation: Envoy's own health check has seen each restarted replica healthy.
        await running().untilEnvoyRoutesTo(restarted);
        const afterRestart = completed;
        while (completed < afterRestart + 300 && failures.length === 0) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.ok(afterRestart > before, "calls completed while the replicas restarted");
      } finally {
        stopping = true;
        await Promise.all(callers);
      }
      log(`${completed} calls completed, ${failures.length} failed`);
      assert.deepEqual(
        failures.slice(0, 10),
        [],
        `${failures.length} of ${completed + failures.length} calls failed`,
      );
      assert.ok(completed >= 300, `${completed} calls completed`);
    });

    it("when an order is placed through Envoy, then the collector holds one trace spanning Envoy and the three services", async () => {
      const traceId = randomBytes(16).toString("hex");
      const clientSpanId = randomBytes(8).toString("hex");
      const checkout = createClient(
        CheckoutService,
        createGrpcTransport({ baseUrl: `http://${running().envoyAddress}` }),
      );
      const order = await checkout.placeOrder(
        {
          requestId: randomUUID(),
          customerId: "compose-trace",
          lines: [{ productId: knownProduct, quantity: 1 }],
        },
        { timeoutMs: 10_000, headers: { traceparent: `00-${traceId}-${clientSpanId}-01` } },
      );
      assert.match(order.order?.id ?? "", /^ord-/);
      // The services' SDKs export in batches (every 5 s by default), the collector batches again.
      const expected = ["switchyard-envoy", "checkout", "catalog", "pricing"];
      const deadline = Date.now() + 60_000;
      let trace: CollectedSpan[];
      for (;;) {
        trace = spansInCollectorLog(await running().logsOf("otel-collector")).filter(
          (span) => span.traceId === traceId,
        );
        const services = new Set(trace.map((span) => span.service));
        if (expected.every((service) => services.has(service))) break;
        if (Date.now() > deadline) {
          assert.fail(
            `after 60 s the collector holds spans of ${[...services].join(", ") || "nothing"} for the order`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      // One tree: every span's parent is the client's span or another span of the trace.
      const ids = new Set([clientSpanId, ...trace.map((span) => span.spanId)]);
      for (const span of trace) {
        assert.ok(ids.has(span.parentId), `${span.service} span "${span.name}" hangs off ${span.parentId}`);
      }
      const envoySpan = trace.find(
        (span) => span.service === "switchyard-envoy" && span.parentId === clientSpanId,
      );
      assert.ok(envoySpan, "Envoy's span is the child of the client's span");
    });
  });
});
