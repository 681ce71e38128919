import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ProbeAction, RuntimeProbeService } from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import { runGrpcHealthProbe } from "@switchyard/testing";
import { startProbeProcess } from "./probe/probe-process.js";

interface CallRecord {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly error: string | undefined;
}

const drainDelayMs = 600;
const drainGraceMs = 1500;

for (const stack of ["connect-node", "grpc-js"] as const) {
  describe(`service lifecycle on ${stack}`, () => {
    it("when SIGTERM arrives under steady load, then health flips to NOT_SERVING, no call started before GOAWAY fails and the process exits 0 within delay + grace", async () => {
      const service = await startProbeProcess(stack, {
        DRAIN_DELAY_MS: String(drainDelayMs),
        DRAIN_GRACE_MS: String(drainGraceMs),
        INSTANCE_ID: `drain-${stack}`,
      });
      const address = service.url.replace(/^http:\/\//, "");
      const calls: CallRecord[] = [];
      let loadRunning = true;
      try {
        assert.equal(await runGrpcHealthProbe(address), 0, "grpc-health-probe: SERVING before the drain");

        const client = createClient(RuntimeProbeService, createGrpcTransport({ baseUrl: service.url }));
        // A stream the server refused (REFUSED_STREAM: it arrived after the final
        // GOAWAY) was never processed, and gRPC clients retry it transparently,
        // on another replica behind a load balancer (grpc-js and grpc-go do;
        // connect-node's client reports it as an error). Such calls never
        // started on the server; they are counted, not failed.
        let refused = 0;
        const worker = async (): Promise<void> => {
          // Bounded: the process exits within delay + grace; the count is a backstop.
          for (let index = 0; loadRunning && index < 500; index++) {
            const startedAt = Date.now();
            try {
              await client.probe(
                { name: "load", quantity: 1, action: ProbeAction.DELAY, delayMs: 250 },
                { timeoutMs: 3000 },
              );
              calls.push({ startedAt, endedAt: Date.now(), error: undefined });
            } catch (error) {
              const message = ConnectError.from(error).message;
              if (message.includes("NGHTTP2_REFUSED_STREAM")) refused++;
              else calls.push({ startedAt, endedAt: Date.now(), error: message });
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
          }
        };
        const workers = [worker(), worker(), worker(), worker()];
        while (calls.length < 4) await new Promise((resolve) => setTimeout(resolve, 20));

        const signalledAt = Date.now();
        service.signal("SIGTERM");
        await service.waitForLogLine("draining: reporting NOT_SERVING");
        assert.equal(
          await runGrpcHealthProbe(address),
          4,
          "grpc-health-probe: NOT_SERVING during the drain delay",
        );

        const goaway = await service.waitForLogLine("draining: sending GOAWAY");
        const goawayAt = Date.parse(String(goaway["time"]));
        const exit = await service.exited;
        loadRunning = false;
        await Promise.all(workers);

        assert.deepEqual([exit.code, exit.signal], [0, null], "exit code 0");
        const exitAfterMs = exit.at - signalledAt;
        assert.ok(
          exitAfterMs >= drainDelayMs,
          `exited ${exitAfterMs} ms after SIGTERM, not before the drain delay`,
        );
        assert.ok(exitAfterMs < drainDelayMs + drainGraceMs + 500, `exited ${exitAfterMs} ms after SIGTERM`);

        const beforeGoaway = calls.filter((call) => call.startedAt < goawayAt);
        const failedBeforeGoaway = beforeGoaway.filter((call) => call.error !== undefined);
        assert.deepEqual(
          failedBeforeGoaway,
          [],
          `${stack}: no call started before the GOAWAY (${goawayAt}) failed (${refused} refused streams not counted)`,
        );
        assert.ok(
          beforeGoaway.some((call) => call.startedAt > signalledAt),
          "calls kept being served during the drain delay",
        );
        assert.ok(
          beforeGoaway.some((call) => call.endedAt > goawayAt),
          "some calls were in flight across the GOAWAY and finished",
        );
      } finally {
        loadRunning = false;
        await service.stop();
      }
    });

    it("when a second signal arrives during the drain, then the process exits at once with code 1", async () => {
      const service = await startProbeProcess(stack, { DRAIN_DELAY_MS: "10000", DRAIN_GRACE_MS: "10000" });
      try {
        const signalledAt = Date.now();
        service.signal("SIGTERM");
        await service.waitForLogLine("draining: reporting NOT_SERVING");
        service.signal("SIGINT");
        const exit = await service.exited;
        assert.equal(exit.code, 1);
        assert.ok(exit.at - signalledAt < 3000, "did not wait for the 10 s drain delay");
      } finally {
        await service.stop();
      }
    });
  });
}

describe("service start-up failures", () => {
  it("when a variable is invalid, then the process exits 1 naming it", async () => {
    await assert.rejects(
      startProbeProcess("connect-node", { MAX_IN_FLIGHT_CALLS: "lots" }),
      /MAX_IN_FLIGHT_CALLS/,
    );
  });
});
