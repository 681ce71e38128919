import assert from "node:assert/strict";
import { connect, constants, type ClientHttp2Session } from "node:http2";
import { describe, it } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import {
  ProbeRequestSchema,
  RuntimeProbeService,
} from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import { sendRawGrpcCall } from "@switchyard/grpc-wire";
import { probeStacks } from "./probe/probe-stacks.js";

const maxAgeMs = 400;
const graceMs = 800;
const path = `/${RuntimeProbeService.typeName}/${RuntimeProbeService.method.probe.name}`;
const request = toBinary(ProbeRequestSchema, create(ProbeRequestSchema, { name: "age", quantity: 1 }));

interface TrackedSession {
  readonly session: ClientHttp2Session;
  readonly connectedAt: number;
  goawayAt: number | undefined;
  closedAt: number | undefined;
}

function open(url: string): TrackedSession {
  const tracked: TrackedSession = {
    session: connect(url),
    connectedAt: performance.now(),
    goawayAt: undefined,
    closedAt: undefined,
  };
  tracked.session.on("goaway", () => (tracked.goawayAt ??= performance.now()));
  tracked.session.on("close", () => (tracked.closedAt ??= performance.now()));
  tracked.session.on("error", () => undefined);
  return tracked;
}

for (const stack of probeStacks) {
  describe(`connection age on ${stack.name}`, () => {
    it("when a client holds one connection, then it gets GOAWAY within age + jitter + grace and no call fails", async () => {
      const { service } = await stack.start({
        MAX_CONNECTION_AGE_MS: String(maxAgeMs),
        MAX_CONNECTION_AGE_GRACE_MS: String(graceMs),
      });
      const sessions: TrackedSession[] = [open(service.url)];
      const current = (): TrackedSession => sessions[sessions.length - 1] as TrackedSession;
      let succeeded = 0;
      let succeededAfterGoaway = 0;
      let refusedAndRetried = 0;
      const failures: string[] = [];
      try {
        const first = current();
        // Generous: the loop ends as soon as a second connection has served calls, so only a
        // loaded machine (late timers) gets near the bound.
        const stopAt = performance.now() + maxAgeMs * 1.1 + graceMs + 10_000;
        // Bounded in time and count: stops once a second connection has served calls.
        for (let index = 0; index < 5000 && performance.now() < stopAt && succeededAfterGoaway < 5; index++) {
          if (current().goawayAt !== undefined || current().session.closed) sessions.push(open(service.url));
          try {
            const result = await sendRawGrpcCall(current().session, path, { message: request });
            if (result.resetCode === constants.NGHTTP2_REFUSED_STREAM) refusedAndRetried++;
            else if (result.grpcStatus !== 0) failures.push(`grpc-status ${String(result.grpcStatus)}`);
            else {
              succeeded++;
              if (first.goawayAt !== undefined) succeededAfterGoaway++;
            }
          } catch (error) {
            // A stream refused by the server, or not opened because a GOAWAY had
            // just arrived, was never processed: gRPC clients retry it on a new
            // connection, and so does this one.
            const text = String(error);
            if (text.includes("REFUSED_STREAM") || /GOAWAY|ERR_HTTP2_INVALID_SESSION/.test(text)) {
              refusedAndRetried++;
            } else failures.push(text);
          }
        }
        assert.deepEqual(failures, [], `no call failed (${refusedAndRetried} refused streams retried)`);
        assert.ok(first.goawayAt !== undefined, "the first connection got a GOAWAY");
        const goawayAfterMs = first.goawayAt - first.connectedAt;
        assert.ok(
          goawayAfterMs >= maxAgeMs * 0.9 - 50 && goawayAfterMs <= maxAgeMs * 1.1 + graceMs,
          `GOAWAY after ${goawayAfterMs} ms, expected within ${maxAgeMs} ms ±10 % (+ grace)`,
        );
        assert.ok(sessions.length >= 2, "the client moved to a new connection");
        assert.ok(
          succeeded > 0 && succeededAfterGoaway >= 5,
          `${succeededAfterGoaway} calls served after the GOAWAY`,
        );
        // Closed gracefully once its calls ended, before the grace period would force it.
        const closeDeadline = first.goawayAt + graceMs - 100;
        while (first.closedAt === undefined && performance.now() < closeDeadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.ok(
          first.closedAt !== undefined,
          "the aged-out connection closed gracefully within the grace period",
        );
      } finally {
        for (const { session } of sessions) session.destroy();
        await service.forceClose();
      }
    });
  });
}

for (const stack of probeStacks) {
  describe(`idle connections on ${stack.name}`, () => {
    it("when a connection carries no call for IDLE_TIMEOUT_MS, then it gets GOAWAY and closes", async () => {
      const idleMs = 300;
      const { service } = await stack.start({ IDLE_TIMEOUT_MS: String(idleMs), MAX_CONNECTION_AGE_MS: "0" });
      const tracked = open(service.url);
      try {
        const result = await sendRawGrpcCall(tracked.session, path, { message: request });
        assert.equal(result.trailers?.["grpc-status"], "0");
        const lastCallAt = performance.now();
        const deadline = lastCallAt + idleMs + 3000;
        while (tracked.closedAt === undefined && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.ok(tracked.goawayAt !== undefined, "the idle connection got a GOAWAY");
        const idleForMs = tracked.goawayAt - lastCallAt;
        assert.ok(
          idleForMs >= idleMs * 0.8,
          `GOAWAY after ${idleForMs} ms idle, not before the idle timeout`,
        );
        assert.ok(tracked.closedAt !== undefined, "the idle connection closed");
      } finally {
        tracked.session.destroy();
        await service.forceClose();
      }
    });
  });
}
