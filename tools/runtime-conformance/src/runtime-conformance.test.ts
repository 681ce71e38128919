import assert from "node:assert/strict";
import { connect, type Settings } from "node:http2";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ServingStatus } from "@switchyard/grpc-health";
import { create, fromJson, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import { BadRequestSchema } from "@switchyard/proto/google/rpc/error_details";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import { LoadBalancerProbe } from "@switchyard/proto/switchyard/health/v1/load_balancer_probe";
import { ServerReflection } from "@switchyard/proto/grpc/reflection/v1/reflection";
import { ServerReflection as ServerReflectionV1alpha } from "@switchyard/proto/grpc/reflection/v1alpha/reflection";
import {
  ProbeAction,
  ProbeRequestSchema,
  RuntimeProbeService,
} from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import { ensureDevCertificate } from "@switchyard/envoy-config";
import { sendRawGrpcCall, withHttp2Session } from "@switchyard/grpc-wire";
import { runGrpcurl } from "@switchyard/testing";
import { probeSecret } from "./probe/probe-connect.js";
import { connectStack, probeStacks, type StartedProbe } from "./probe/probe-stacks.js";

const valid = { name: "ada", quantity: 1 } as const;

function probeClient(url: string): Client<typeof RuntimeProbeService> {
  return createClient(RuntimeProbeService, createGrpcTransport({ baseUrl: url }));
}

async function rejection(call: Promise<unknown>): Promise<ConnectError> {
  try {
    await call;
  } catch (error) {
    return ConnectError.from(error);
  }
  assert.fail("expected the call to fail");
}

/** The services `reflection` lists at `url`: one ListServices request on its bidirectional stream. */
async function listServicesByReflection(
  url: string,
  reflection: typeof ServerReflection | typeof ServerReflectionV1alpha,
): Promise<string[]> {
  const client = createClient(reflection as typeof ServerReflection, createGrpcTransport({ baseUrl: url }));
  const requests = createAsyncIterable([{ messageRequest: { case: "listServices" as const, value: "" } }]);
  for await (const response of client.serverReflectionInfo(requests, { timeoutMs: 5000 })) {
    if (response.messageResponse.case === "listServicesResponse") {
      return response.messageResponse.value.service.map((service) => service.name);
    }
  }
  assert.fail("the reflection stream ended without a ListServices answer");
}

let tlsDir: string | undefined;
/** A self-signed certificate for localhost and 127.0.0.1, the dev certificate the platform uses. */
async function tls(): Promise<{ certFile: string; keyFile: string }> {
  tlsDir ??= await mkdtemp(join(tmpdir(), "service-runtime-tls-"));
  const certificate = await ensureDevCertificate(join(tlsDir, "tls"));
  return { certFile: certificate.certificateChainPath, keyFile: certificate.privateKeyPath };
}

after(async () => {
  if (tlsDir !== undefined) await rm(tlsDir, { recursive: true, force: true });
});

for (const stack of probeStacks) {
  describe(`service runtime on ${stack.name}`, () => {
    const withProbe = async (env: Record<string, string>, test: (probe: StartedProbe) => Promise<void>) => {
      const probe = await stack.start(env);
      try {
        await test(probe);
      } finally {
        await probe.service.forceClose();
      }
    };

    it("when a call succeeds, then the response names the serving instance in x-served-by", async () => {
      await withProbe({ INSTANCE_ID: "replica-7" }, async ({ service }) => {
        let servedBy: string | null = null;
        const response = await probeClient(service.url).probe(valid, {
          onHeader: (header) => (servedBy = header.get("x-served-by")),
        });
        assert.equal(response.name, "ada");
        assert.equal(servedBy, "replica-7");
      });
    });

    it("when a request breaks its protovalidate rules, then INVALID_ARGUMENT carries BadRequest field violations", async () => {
      await withProbe({}, async ({ service, calls }) => {
        const error = await rejection(
          probeClient(service.url).probe(
            // action 42 is a number the enum does not declare, as a newer client might send.
            fromJson(ProbeRequestSchema, { name: "", quantity: 101, tags: ["a", "", "c", "d"], action: 42 }),
          ),
        );
        assert.equal(error.code, Code.InvalidArgument);
        const [badRequest] = error.findDetails(BadRequestSchema);
        assert.ok(badRequest, "grpc-status-details-bin carries a google.rpc.BadRequest");
        const violations = badRequest.fieldViolations.map(({ field, reason }) => `${field} ${reason}`).sort();
        assert.deepEqual(violations, [
          "action enum.defined_only",
          "name string.min_len",
          "quantity int32.gte_lte",
          "tags repeated.max_items",
          "tags[1] string.min_len",
        ]);
        assert.equal(calls.started, 0, "the handler never saw the invalid request");
        assert.equal(error.metadata.get("x-served-by"), "probe-1");
      });
    });

    it("when a handler throws an unknown error, then the client sees INTERNAL without its detail and the log has it", async () => {
      await withProbe({}, async ({ service, logs }) => {
        const error = await rejection(
          probeClient(service.url).probe({ ...valid, action: ProbeAction.THROW }),
        );
        assert.equal(error.code, Code.Internal);
        assert.equal(error.rawMessage, "internal error");
        assert.ok(!JSON.stringify(error).includes(probeSecret) && !error.message.includes(probeSecret));
        assert.ok(
          logs.lines.some((line) => JSON.stringify(line).includes(probeSecret)),
          "the detail is in the logs",
        );
      });
    });

    it("when a streaming handler fails after its first messages, then the stream ends INTERNAL without the detail", async () => {
      await withProbe({}, async ({ service, logs }) => {
        const received: number[] = [];
        const error = await rejection(
          (async () => {
            for await (const message of probeClient(service.url).probeStream({ count: 5, failAfter: 2 })) {
              received.push(message.index);
            }
          })(),
        );
        assert.deepEqual(received, [0, 1]);
        assert.equal(error.code, Code.Internal);
        assert.equal(error.rawMessage, "internal error");
        assert.ok(
          logs.lines.some((line) => JSON.stringify(line).includes(probeSecret)),
          "the detail is in the logs",
        );
      });
    });

    it("when a call fails before its first message, then grpc-status travels Trailers-Only in the response headers", async () => {
      await withProbe({}, async ({ service }) => {
        const path = `/${RuntimeProbeService.typeName}/${RuntimeProbeService.method.probe.name}`;
        const failed = await withHttp2Session({ url: service.url }, (session) =>
          sendRawGrpcCall(session, path, {
            message: toBinary(
              ProbeRequestSchema,
              create(ProbeRequestSchema, { ...valid, action: ProbeAction.THROW }),
            ),
          }),
        );
        assert.equal(failed.headers?.["grpc-status"], String(Code.Internal));
        assert.equal(failed.headersEndedStream, true, "HEADERS carried END_STREAM");
        assert.equal(failed.trailers, undefined);
        assert.equal(failed.headers["x-served-by"], "probe-1");

        const succeeded = await withHttp2Session({ url: service.url }, (session) =>
          sendRawGrpcCall(session, path, {
            message: toBinary(ProbeRequestSchema, create(ProbeRequestSchema, valid)),
          }),
        );
        assert.equal(succeeded.headers?.["grpc-status"], undefined);
        assert.equal(succeeded.trailers?.["grpc-status"], "0");
        assert.ok(succeeded.bodyBytes > 0);
      });
    });

    it("when a unary call has no deadline, then the default deadline ends it with DEADLINE_EXCEEDED", async () => {
      await withProbe({ DEFAULT_DEADLINE_MS: "300" }, async ({ service }) => {
        const started = performance.now();
        const error = await rejection(
          probeClient(service.url).probe({ ...valid, action: ProbeAction.WAIT_FOR_DEADLINE }),
        );
        const elapsed = performance.now() - started;
        assert.equal(error.code, Code.DeadlineExceeded);
        assert.ok(elapsed >= 250 && elapsed < 3000, `ended after ${elapsed} ms`);
      });
    });

    it("when a unary call asks for a longer deadline than the cap, then the cap ends it", async () => {
      await withProbe({ DEFAULT_DEADLINE_MS: "200", MAX_DEADLINE_MS: "300" }, async ({ service }) => {
        const started = performance.now();
        const error = await rejection(
          probeClient(service.url).probe(
            { ...valid, action: ProbeAction.WAIT_FOR_DEADLINE },
            { timeoutMs: 20_000 },
          ),
        );
        const elapsed = performance.now() - started;
        assert.equal(error.code, Code.DeadlineExceeded);
        assert.ok(elapsed >= 250 && elapsed < 3000, `ended after ${elapsed} ms`);
      });
    });

    it("when more calls than MAX_IN_FLIGHT_CALLS arrive, then the extra one is shed with RESOURCE_EXHAUSTED before its handler runs, but not health checks", async () => {
      await withProbe({ MAX_IN_FLIGHT_CALLS: "2" }, async ({ service, calls }) => {
        const client = probeClient(service.url);
        const slow = [1, 2].map(() => client.probe({ ...valid, action: ProbeAction.DELAY, delayMs: 1000 }));
        const deadline = performance.now() + 3000;
        while (calls.started < 2 && performance.now() < deadline)
          await new Promise((resolve) => setImmediate(resolve));
        assert.equal(calls.started, 2, "both slow calls reached their handler");
        let slowSettled = false;
        void Promise.allSettled(slow).then(() => (slowSettled = true));
        const error = await rejection(client.probe(valid));
        assert.equal(error.code, Code.ResourceExhausted);
        assert.equal(slowSettled, false, "shed at once, while the admitted calls still run");
        assert.equal(calls.started, 2, "the shed call never reached its handler");
        const health = createClient(Health, createGrpcTransport({ baseUrl: service.url }));
        assert.equal(
          (await health.check({ service: "" })).status,
          HealthCheckResponse_ServingStatus.SERVING,
          "health checks are not shed",
        );
        await Promise.all(slow);
        assert.equal((await client.probe(valid)).name, "ada", "served again once calls finished");
      });
    });

    it("when a request message exceeds MAX_RECEIVE_MESSAGE_BYTES, then the call fails with RESOURCE_EXHAUSTED", async () => {
      await withProbe({ MAX_RECEIVE_MESSAGE_BYTES: "1024" }, async ({ service }) => {
        const error = await rejection(
          probeClient(service.url).probe({ ...valid, payload: new Uint8Array(4096) }),
        );
        assert.equal(error.code, Code.ResourceExhausted);
        assert.equal(
          (await probeClient(service.url).probe({ ...valid, payload: new Uint8Array(512) })).name,
          "ada",
        );
      });
    });

    it("when a response message exceeds MAX_SEND_MESSAGE_BYTES, then the call fails with RESOURCE_EXHAUSTED", async () => {
      await withProbe({ MAX_SEND_MESSAGE_BYTES: "1024" }, async ({ service }) => {
        const error = await rejection(
          probeClient(service.url).probe({ ...valid, responsePayloadBytes: 4096 }),
        );
        assert.equal(error.code, Code.ResourceExhausted);
      });
    });

    it("when MAX_CONCURRENT_STREAMS is set, then every connection advertises it in its HTTP/2 SETTINGS", async () => {
      await withProbe({ MAX_CONCURRENT_STREAMS: "7" }, async ({ service }) => {
        const session = connect(service.url);
        try {
          const settings = await new Promise<Settings>((resolve, reject) => {
            session.once("remoteSettings", resolve);
            session.once("error", reject);
          });
          assert.equal(settings.maxConcurrentStreams, 7);
        } finally {
          session.destroy();
        }
      });
    });

    it("when a call ends, then one JSON log line has method, code, duration, peer and the traceparent's trace id", async () => {
      await withProbe({}, async ({ service, logs }) => {
        const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        await probeClient(service.url).probe(valid, {
          headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
        });
        const line = logs.lines.find((entry) => entry["msg"] === "call" && entry["traceId"] === traceId);
        assert.ok(line, `a call line with the trace id among ${JSON.stringify(logs.lines)}`);
        assert.equal(line["method"], "/switchyard.testing.v1.RuntimeProbeService/Probe");
        assert.equal(line["code"], "OK");
        assert.equal(typeof line["durationMs"], "number");
        assert.match(String(line["peer"]), /^(::ffff:)?127\.0\.0\.1:\d+$/);
        assert.equal(line["service"], "probe");
        assert.equal(line["instance"], "probe-1");
      });
    });

    it("when the drain starts, then health says NOT_SERVING and the load-balancer probe UNAVAILABLE while calls are still served", async () => {
      const probe = await stack.start({ DRAIN_DELAY_MS: "600", DRAIN_GRACE_MS: "1000" });
      try {
        const transport = createGrpcTransport({ baseUrl: probe.service.url });
        const health = createClient(Health, transport);
        const lbProbe = createClient(LoadBalancerProbe, transport);
        await lbProbe.check({});
        const draining = probe.service.shutdown("test");
        assert.equal(
          (await health.check({ service: "" })).status,
          HealthCheckResponse_ServingStatus.NOT_SERVING,
        );
        assert.equal((await rejection(lbProbe.check({}))).code, Code.Unavailable);
        assert.equal((await createClient(RuntimeProbeService, transport).probe(valid)).name, "ada");
        await draining;
      } finally {
        await probe.service.forceClose();
      }
    });

    it("when a client watches health during a drain, then the watch sees NOT_SERVING and does not hold up the shutdown", async () => {
      const probe = await stack.start({ DRAIN_DELAY_MS: "100", DRAIN_GRACE_MS: "5000" });
      const abort = new AbortController();
      try {
        const health = createClient(Health, createGrpcTransport({ baseUrl: probe.service.url }));
        const statuses: HealthCheckResponse_ServingStatus[] = [];
        const watching = (async () => {
          try {
            for await (const { status } of health.watch({ service: "" }, { signal: abort.signal })) {
              statuses.push(status);
            }
          } catch {
            // The stream ends when the server closes the connection.
          }
        })();
        while (statuses.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        const started = performance.now();
        await probe.service.shutdown("test");
        const tookMs = performance.now() - started;
        assert.ok(tookMs < 2000, `shutdown took ${tookMs} ms, not the 5 s grace`);
        abort.abort();
        await watching;
        assert.deepEqual(statuses.slice(0, 2), [
          HealthCheckResponse_ServingStatus.SERVING,
          HealthCheckResponse_ServingStatus.NOT_SERVING,
        ]);
      } finally {
        abort.abort();
        await probe.service.forceClose();
      }
    });

    it("when a readiness check is declared, then every status stays NOT_SERVING until it resolves", async () => {
      const seen: (ServingStatus | undefined)[] = [];
      const probe = await stack.start(
        {},
        {
          readiness: async (health) => {
            await new Promise((resolve) => setTimeout(resolve, 50));
            seen.push(health.getStatus(""), health.getStatus(RuntimeProbeService.typeName));
          },
        },
      );
      try {
        assert.deepEqual(seen, [ServingStatus.NOT_SERVING, ServingStatus.NOT_SERVING]);
        assert.equal(probe.service.health.getStatus(""), ServingStatus.SERVING);
        assert.equal(probe.service.health.getStatus(RuntimeProbeService.typeName), ServingStatus.SERVING);
      } finally {
        await probe.service.forceClose();
      }
    });

    it("when the readiness check fails, then start-up fails with its error", async () => {
      await assert.rejects(
        stack.start({}, { readiness: () => Promise.reject(new Error("catalog unreachable")) }),
        /catalog unreachable/,
      );
    });

    it("when TLS files are configured, then it serves gRPC over TLS only", async () => {
      const { certFile, keyFile } = await tls();
      await withProbe({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }, async ({ service }) => {
        assert.match(service.url, /^https:\/\/127\.0\.0\.1:\d+$/);
        const client = createClient(
          RuntimeProbeService,
          createGrpcTransport({ baseUrl: service.url, nodeOptions: { ca: await readFile(certFile) } }),
        );
        assert.equal((await client.probe(valid)).name, "ada");
        const cleartext = await rejection(
          probeClient(`http://127.0.0.1:${service.port}`).probe(valid, { timeoutMs: 2000 }),
        );
        // The TLS listener does not speak h2c: the cleartext client gets no gRPC answer at all.
        assert.equal(cleartext.code, Code.Canceled, cleartext.message);
      });
    });

    it("when grpcurl asks through server reflection, then it lists, describes and calls the declared service", async () => {
      await withProbe({}, async ({ service }) => {
        const address = `127.0.0.1:${service.port}`;
        const listed = await runGrpcurl(address, ["list"]);
        assert.equal(listed.exitCode, 0, listed.stderr);
        assert.deepEqual(listed.stdout.trim().split("\n").sort(), [
          "grpc.health.v1.Health",
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection",
          "switchyard.health.v1.LoadBalancerProbe",
          "switchyard.testing.v1.RuntimeProbeService",
        ]);
        const described = await runGrpcurl(address, [
          "describe",
          "switchyard.testing.v1.RuntimeProbeService.Probe",
        ]);
        assert.equal(described.exitCode, 0, described.stderr);
        assert.match(
          described.stdout,
          /rpc Probe \( \.switchyard\.testing\.v1\.ProbeRequest \) returns \( \.switchyard\.testing\.v1\.ProbeResponse \)/,
        );
        const called = await runGrpcurl(address, ["switchyard.testing.v1.RuntimeProbeService/Probe"], {
          flags: ["-max-time", "5", "-d", '{"name":"grpcurl","quantity":2}'],
        });
        assert.equal(called.exitCode, 0, called.stderr);
        assert.equal((JSON.parse(called.stdout) as { name: string }).name, "grpcurl");
        const streamed = await runGrpcurl(
          address,
          ["switchyard.testing.v1.RuntimeProbeService/ProbeStream"],
          { flags: ["-max-time", "5", "-d", '{"count":3}'] },
        );
        assert.equal(streamed.exitCode, 0, streamed.stderr);
        assert.equal((streamed.stdout.match(/^\{/gm) ?? []).length, 3, "three stream messages");
        const rejected = await runGrpcurl(address, ["switchyard.testing.v1.RuntimeProbeService/Probe"], {
          flags: ["-max-time", "5", "-d", '{"name":"","quantity":1}'],
        });
        assert.notEqual(rejected.exitCode, 0);
        assert.match(rejected.stderr, /Code: InvalidArgument/);
        assert.match(rejected.stderr, /google\.rpc\.BadRequest/);
        assert.match(rejected.stderr, /string\.min_len/);
      });
    });

    it("when GRPC_REFLECTION is on (the default), then v1 and v1alpha reflection list the services", async () => {
      await withProbe({ GRPC_REFLECTION: "on" }, async ({ service }) => {
        for (const reflection of [ServerReflection, ServerReflectionV1alpha]) {
          const listed = await listServicesByReflection(service.url, reflection);
          assert.ok(
            listed.includes(RuntimeProbeService.typeName),
            `${reflection.typeName}: ${listed.join(", ")}`,
          );
        }
      });
    });

    it("when GRPC_REFLECTION is off, then v1 and v1alpha reflection answer UNIMPLEMENTED and the service still serves", async () => {
      await withProbe({ GRPC_REFLECTION: "off" }, async ({ service }) => {
        for (const reflection of [ServerReflection, ServerReflectionV1alpha]) {
          const refused = await rejection(listServicesByReflection(service.url, reflection));
          assert.equal(refused.code, Code.Unimplemented, `${reflection.typeName}: ${refused.message}`);
        }
        const listed = await runGrpcurl(`127.0.0.1:${service.port}`, ["list"]);
        assert.notEqual(listed.exitCode, 0, "grpcurl finds no reflection to list with");
        assert.equal((await probeClient(service.url).probe(valid)).name, "ada");
      });
    });

    it("when the service has started, then health reports SERVING for the server and each service", async () => {
      await withProbe({}, async ({ service }) => {
        const health = createClient(Health, createGrpcTransport({ baseUrl: service.url }));
        for (const name of ["", RuntimeProbeService.typeName]) {
          const { status } = await health.check({ service: name });
          assert.equal(status, HealthCheckResponse_ServingStatus.SERVING, `status of "${name}"`);
        }
      });
    });
  });
}

describe("service runtime on connect-node, Connect protocol", () => {
  it("when a Connect-protocol unary call has no timeout, then the default deadline applies too", async () => {
    const probe = await connectStack.start({ DEFAULT_DEADLINE_MS: "1500" });
    try {
      const client = createClient(
        RuntimeProbeService,
        createConnectTransport({ baseUrl: probe.service.url, httpVersion: "2" }),
      );
      const response = await client.probe(valid);
      // The budget left when the handler ran: set (0 would mean none) and within the default.
      assert.ok(
        response.timeoutMs !== 0n && response.timeoutMs <= 1500n,
        `handler saw ${response.timeoutMs} ms`,
      );
      const error = await rejection(client.probe({ ...valid, action: ProbeAction.WAIT_FOR_DEADLINE }));
      assert.equal(error.code, Code.DeadlineExceeded);
    } finally {
      await probe.service.forceClose();
    }
  });
});
