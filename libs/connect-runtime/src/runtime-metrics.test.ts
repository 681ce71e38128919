import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { metrics } from "@opentelemetry/api";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { runtimeMetricNames, type RunningService, loadServiceConfig } from "@switchyard/service-runtime";
import { startConnectService } from "./start-connect-service.js";
import { testServiceEnvironment } from "@switchyard/testing";

/** A pull reader: the test collects when it wants to look. */
class PullReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const reader = new PullReader();
const provider = new MeterProvider({ readers: [reader] });

async function observed(): Promise<Map<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const values = new Map<string, number>();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const point = metric.dataPoints.find(
        (candidate) => candidate.attributes["service.component"] === "metrics-probe",
      );
      if (point !== undefined && typeof point.value === "number")
        values.set(metric.descriptor.name, point.value);
    }
  }
  return values;
}

describe("runtime state metrics", () => {
  let service: RunningService | undefined;
  let releaseHeldCall: (() => void) | undefined;

  before(async () => {
    metrics.setGlobalMeterProvider(provider);
    service = await startConnectService({
      name: "metrics-probe",
      config: loadServiceConfig({
        ...testServiceEnvironment,
        LOG_LEVEL: "silent",
        MAX_IN_FLIGHT_CALLS: "1",
        DRAIN_DELAY_MS: "5000",
      }),
      services: [
        {
          service: EchoService,
          implementation: {
            async echo(request) {
              await new Promise<void>((resolve) => (releaseHeldCall = resolve));
              return { message: request.message };
            },
          },
        },
      ],
    });
  });

  after(async () => {
    releaseHeldCall?.();
    await service?.forceClose();
    await provider.shutdown();
  });

  it("when a call is held, one is shed and the server drains, then the gauges and counter follow", async () => {
    assert.ok(service);
    const client = createClient(EchoService, createGrpcTransport({ baseUrl: service.url }));
    assert.deepEqual([...(await observed())].sort(), [
      [runtimeMetricNames.draining, 0],
      [runtimeMetricNames.inFlightCalls, 0],
      [runtimeMetricNames.shedCalls, 0],
    ]);
    const held = client.echo({ message: "held" });
    while (releaseHeldCall === undefined) await new Promise((resolve) => setImmediate(resolve));
    await assert.rejects(client.echo({ message: "shed" }), (error: unknown) => {
      assert.equal(ConnectError.from(error).code, Code.ResourceExhausted);
      return true;
    });
    const loaded = await observed();
    assert.equal(loaded.get(runtimeMetricNames.inFlightCalls), 1);
    assert.equal(loaded.get(runtimeMetricNames.shedCalls), 1);

    const drained = service.shutdown("test");
    assert.equal((await observed()).get(runtimeMetricNames.draining), 1);
    releaseHeldCall();
    assert.equal((await held).message, "held");
    await service.forceClose();
    await drained;
  });
});
