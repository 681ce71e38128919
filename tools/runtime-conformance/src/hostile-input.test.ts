import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import {
  ProbeAction,
  ProbeRequestSchema,
  RuntimeProbeService,
} from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import {
  grpcFrame,
  sendHttp1GrpcCall,
  sendRawGrpcCall,
  withHttp2Session,
  type RawGrpcCallOptions,
} from "@switchyard/grpc-wire";
import { within } from "@switchyard/testing";
import { probeStacks, type StartedProbe } from "./probe/probe-stacks.js";

const unaryPath = `/${RuntimeProbeService.typeName}/${RuntimeProbeService.method.probe.name}`;
const streamPath = `/${RuntimeProbeService.typeName}/${RuntimeProbeService.method.probeStream.name}`;
const valid = toBinary(ProbeRequestSchema, create(ProbeRequestSchema, { name: "ada", quantity: 1 }));
const defaultDeadlineMs = 600;

/** One hostile request and the one answer both stacks must give it. */
interface RawFrameCase {
  readonly name: string;
  readonly path: string;
  readonly options: RawGrpcCallOptions;
  readonly code: Code;
}

const rawFrameCases: readonly RawFrameCase[] = [
  {
    // gRPC's compression spec: a compressed message without grpc-encoding is INTERNAL.
    name: "a message flagged compressed without grpc-encoding",
    path: unaryPath,
    options: { body: grpcFrame(valid, { flags: 1 }) },
    code: Code.Internal,
  },
  {
    name: "a frame declaring more bytes than follow (truncated)",
    path: unaryPath,
    options: { body: grpcFrame(valid, { declaredLength: valid.byteLength + 50 }) },
    code: Code.Internal,
  },
  {
    name: "a truncated frame on a server-streaming method",
    path: streamPath,
    options: { body: grpcFrame(valid, { declaredLength: valid.byteLength + 50 }) },
    code: Code.Internal,
  },
  {
    name: "a length prefix of 2 GiB",
    path: unaryPath,
    options: { body: grpcFrame(valid, { declaredLength: 0x7fffffff }) },
    code: Code.ResourceExhausted,
  },
  {
    name: "a frame whose payload is not protobuf",
    path: unaryPath,
    options: { body: grpcFrame(Uint8Array.from([0x07, 1, 2, 3])) },
    code: Code.Internal,
  },
  {
    name: "headers and no body, request never ended, no deadline (unary)",
    path: unaryPath,
    options: { leaveRequestOpen: true },
    code: Code.DeadlineExceeded,
  },
  {
    name: "headers and no body, request never ended, no deadline (server stream)",
    path: streamPath,
    options: { leaveRequestOpen: true },
    code: Code.DeadlineExceeded,
  },
  {
    name: "headers and no body, request never ended, a 300 ms deadline",
    path: unaryPath,
    options: { leaveRequestOpen: true, headers: { "grpc-timeout": "300m" } },
    code: Code.DeadlineExceeded,
  },
];

async function assertServing(probe: StartedProbe): Promise<void> {
  const transport = createGrpcTransport({ baseUrl: probe.service.url });
  const health = createClient(Health, transport);
  assert.equal(
    (await health.check({ service: "" }, { timeoutMs: 5000 })).status,
    HealthCheckResponse_ServingStatus.SERVING,
  );
  const answer = await createClient(RuntimeProbeService, transport).probe(
    { name: "after", quantity: 1 },
    { timeoutMs: 5000 },
  );
  assert.equal(answer.name, "after");
}

/** Log lines at ERROR or above, or carrying a stack trace. */
function errorLines(probe: StartedProbe): string[] {
  return probe.logs.lines
    .filter((line) => {
      const err = line["err"];
      const hasStack = typeof err === "object" && err !== null && "stack" in err;
      return ["error", "fatal"].includes(String(line["level"])) || hasStack;
    })
    .map((line) => JSON.stringify(line));
}

for (const stack of probeStacks) {
  describe(`hostile input on ${stack.name}`, () => {
    const withProbe = async (env: Record<string, string>, test: (probe: StartedProbe) => Promise<void>) => {
      const probe = await stack.start({ DEFAULT_DEADLINE_MS: String(defaultDeadlineMs), ...env });
      try {
        await test(probe);
      } finally {
        await probe.service.forceClose();
      }
    };

    for (const rawCase of rawFrameCases) {
      it(`when a client sends ${rawCase.name}, then the call ends ${Code[rawCase.code]} and the replica still serves`, async () => {
        await withProbe({}, async (probe) => {
          const outcome = await withHttp2Session({ url: probe.service.url }, (session) =>
            sendRawGrpcCall(session, rawCase.path, { timeoutMs: 15_000, ...rawCase.options }),
          );
          assert.equal(
            outcome.grpcStatus,
            rawCase.code,
            `answered ${String(outcome.grpcStatus)} "${outcome.grpcMessage}" (reset ${outcome.resetCode})`,
          );
          assert.doesNotMatch(outcome.grpcMessage, /server streaming method/, "no misleading detail");
          await assertServing(probe);
          assert.deepEqual(
            errorLines(probe).filter((line) => line.includes('"stack"')),
            [],
            "no stack trace in the logs",
          );
        });
      });
    }

    it("when a client speaks HTTP/1.1 to the h2c port, then it gets no HTTP/1.1 answer and the replica still serves", async () => {
      await withProbe({}, async (probe) => {
        const outcome = await sendHttp1GrpcCall(probe.service.url, unaryPath, { message: valid });
        assert.equal(outcome.httpStatus, undefined, "HTTP/2 only: the server's preface is no HTTP/1.1");
        assert.ok(outcome.error !== undefined);
        await assertServing(probe);
      });
    });

    it("when more body-less streams than the in-flight limit are open, then normal calls and health are still served and each stream ends at the default deadline", async () => {
      const limit = 4;
      await withProbe({ MAX_IN_FLIGHT_CALLS: String(limit) }, async (probe) => {
        const started = performance.now();
        const held = withHttp2Session({ url: probe.service.url }, (session) =>
          Promise.all(
            Array.from({ length: limit * 3 }, () =>
              sendRawGrpcCall(session, unaryPath, { leaveRequestOpen: true, timeoutMs: 30_000 }),
            ),
          ),
        );
        // Served while the body-less streams are open: they hold no in-flight slot.
        const during = await withHttp2Session({ url: probe.service.url }, (session) =>
          sendRawGrpcCall(session, unaryPath, { message: valid, timeoutMs: 10_000 }),
        );
        const heldOpen = performance.now() - started < defaultDeadlineMs;
        await assertServing(probe);
        const outcomes = await within(20_000, "body-less streams ended", held);
        const elapsed = performance.now() - started;
        assert.equal(
          during.grpcStatus,
          0,
          `a normal call answered ${String(during.grpcStatus)} "${during.grpcMessage}"`,
        );
        assert.ok(heldOpen, "the normal call was answered while the body-less streams were open");
        assert.deepEqual(
          outcomes.map((outcome) => outcome.grpcStatus),
          Array.from({ length: limit * 3 }, () => Code.DeadlineExceeded),
        );
        assert.ok(elapsed >= defaultDeadlineMs - 50, `ended after ${Math.round(elapsed)} ms`);
        assert.deepEqual(errorLines(probe), [], "a deadline is no error");
      });
    });

    it("when a client leaves during a call, then one call line says CANCELLED, below ERROR and without a stack", async () => {
      await withProbe({}, async (probe) => {
        const abort = new AbortController();
        const call = withHttp2Session({ url: probe.service.url }, (session) =>
          sendRawGrpcCall(session, unaryPath, {
            message: toBinary(
              ProbeRequestSchema,
              create(ProbeRequestSchema, {
                name: "leaver",
                quantity: 1,
                action: ProbeAction.DELAY,
                delayMs: 10_000,
              }),
            ),
            signal: abort.signal,
          }),
        );
        await within(
          10_000,
          "the call reached its handler",
          (async () => {
            while (probe.calls.started === 0) await new Promise((resolve) => setTimeout(resolve, 5));
          })(),
        );
        abort.abort();
        await call;
        const cancelled = await within(
          10_000,
          "the call was logged",
          (async () => {
            for (;;) {
              const lines = probe.logs.lines.filter((line) => line["method"] === unaryPath);
              if (lines.length > 0) return lines;
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
          })(),
        );
        await assertServing(probe);
        const lines = probe.logs.lines.filter(
          (line) => line["method"] === unaryPath && line["code"] !== "OK",
        );
        assert.equal(cancelled[0]?.["code"], "CANCELLED");
        assert.equal(lines.length, 1, JSON.stringify(lines));
        assert.deepEqual(errorLines(probe), []);
      });
    });
  });
}
