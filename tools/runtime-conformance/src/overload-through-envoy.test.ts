import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import {
  ProbeAction,
  ProbeRequestSchema,
  RuntimeProbeService,
} from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import { frontProxyListenerName, renderFrontProxyConfig } from "@switchyard/envoy-config";
import {
  grpcFrame,
  sendHttp1GrpcCall,
  sendRawGrpcCall,
  withHttp2Session,
  type RawGrpcCallOptions,
} from "@switchyard/grpc-wire";
import {
  healthyHostCounts,
  startEnvoy,
  waitForHealthyHosts,
  type EnvoyProcess,
  type ServiceProcess,
} from "@switchyard/launcher";
import { within } from "@switchyard/testing";
import { startProbeProcess } from "./probe/probe-process.js";
import { probeStacks, type StartedProbe } from "./probe/probe-stacks.js";

const cluster = "probe";
const unaryPath = `/${RuntimeProbeService.typeName}/${RuntimeProbeService.method.probe.name}`;
const valid = toBinary(ProbeRequestSchema, create(ProbeRequestSchema, { name: "ada", quantity: 1 }));
const replicaEnvironment = {
  MAX_RECEIVE_MESSAGE_BYTES: String(64 * 1024),
  MAX_IN_FLIGHT_CALLS: "2",
  DEFAULT_DEADLINE_MS: "800",
};

/** Envoy's counter `name` of the probe cluster. */
async function clusterCounter(envoy: EnvoyProcess, name: string): Promise<number> {
  const stats = await envoy.admin(`/stats?filter=^cluster\\.${cluster}\\.${name}$`);
  return Number(new RegExp(`${name}: (\\d+)`).exec(stats)?.[1] ?? 0);
}

async function rejection(call: Promise<unknown>): Promise<ConnectError> {
  try {
    await call;
  } catch (error) {
    return ConnectError.from(error);
  }
  assert.fail("expected the call to fail");
}

/** Raw cases sent through Envoy, with the code the client must see. */
const rawCases: readonly { name: string; options: RawGrpcCallOptions; code: Code }[] = [
  {
    name: "a message flagged compressed without grpc-encoding",
    options: { body: grpcFrame(valid, { flags: 1 }) },
    code: Code.Internal,
  },
  {
    name: "a truncated frame",
    options: { body: grpcFrame(valid, { declaredLength: valid.byteLength + 50 }) },
    code: Code.Internal,
  },
  {
    name: "a length prefix of 2 GiB",
    options: { body: grpcFrame(valid, { declaredLength: 0x7fffffff }) },
    code: Code.ResourceExhausted,
  },
  {
    name: "a payload that is not protobuf",
    options: { body: grpcFrame(Uint8Array.from([0x07, 1, 2, 3])) },
    code: Code.Internal,
  },
  {
    name: "headers and no body, the request never ended",
    options: { leaveRequestOpen: true },
    code: Code.DeadlineExceeded,
  },
];

for (const stack of probeStacks) {
  describe(`hostile input and overload through Envoy, replicas on ${stack.name}`, () => {
    const replicas: StartedProbe[] = [];
    let envoy: EnvoyProcess | undefined;
    const running = (): EnvoyProcess => {
      assert.ok(envoy, "Envoy started");
      return envoy;
    };
    const envoyUrl = (): string => `http://127.0.0.1:${running().listenerPort(frontProxyListenerName)}`;
    const client = () => createClient(RuntimeProbeService, createGrpcTransport({ baseUrl: envoyUrl() }));

    before(async () => {
      replicas.push(
        await stack.start({ ...replicaEnvironment, INSTANCE_ID: "replica-a" }),
        await stack.start({ ...replicaEnvironment, INSTANCE_ID: "replica-b" }),
      );
      envoy = await startEnvoy({
        configYaml: renderFrontProxyConfig({
          services: [
            {
              name: cluster,
              grpcServices: [RuntimeProbeService.typeName],
              endpoints: replicas.map(({ service }) => ({ host: "127.0.0.1", port: service.port })),
            },
          ],
          listenerPort: 0,
          adminPort: 0,
          accessLog: false,
        }),
      });
      await waitForHealthyHosts(envoy, new Map([[cluster, 2]]), 20_000);
    });

    after(async () => {
      await envoy?.stop();
      await Promise.all(replicas.map(({ service }) => service.forceClose()));
    });

    it("when a request is larger than the replicas accept, then the client sees RESOURCE_EXHAUSTED and Envoy never retries it", async () => {
      const retriesBefore = await clusterCounter(running(), "upstream_rq_retry");
      const error = await rejection(
        client().probe(
          { name: "big", quantity: 1, payload: new Uint8Array(2 * 1024 * 1024) },
          { timeoutMs: 15_000 },
        ),
      );
      assert.equal(error.code, Code.ResourceExhausted, error.message);
      assert.equal(
        await clusterCounter(running(), "upstream_rq_retry"),
        retriesBefore,
        "no retry of a size error",
      );
    });

    it("when a replica sheds a call (in-flight limit), then Envoy retries it on the other replica", async () => {
      const [replicaA] = replicas;
      assert.ok(replicaA);
      const direct = createClient(
        RuntimeProbeService,
        createGrpcTransport({ baseUrl: replicaA.service.url }),
      );
      const startedBefore = replicaA.calls.started;
      const held = [1, 2].map(() =>
        direct.probe(
          { name: "held", quantity: 1, action: ProbeAction.DELAY, delayMs: 4000 },
          { timeoutMs: 15_000 },
        ),
      );
      await within(
        10_000,
        "both held calls reached replica-a",
        (async () => {
          while (replicaA.calls.started < startedBefore + 2)
            await new Promise((resolve) => setTimeout(resolve, 5));
        })(),
      );
      const retriesBefore = await clusterCounter(running(), "upstream_rq_retry");
      for (let call = 0; call < 6; call++) {
        const answer = await client().probe({ name: `call ${call}`, quantity: 1 }, { timeoutMs: 10_000 });
        assert.equal(answer.name, `call ${call}`);
      }
      assert.ok(
        (await clusterCounter(running(), "upstream_rq_retry")) > retriesBefore,
        "shed calls were retried",
      );
      await Promise.all(held);
    });

    for (const rawCase of rawCases) {
      it(`when a client sends ${rawCase.name} through Envoy, then it sees ${Code[rawCase.code]}`, async () => {
        const outcome = await withHttp2Session({ url: envoyUrl() }, (session) =>
          sendRawGrpcCall(session, unaryPath, { timeoutMs: 15_000, ...rawCase.options }),
        );
        assert.equal(
          outcome.grpcStatus,
          rawCase.code,
          `answered ${String(outcome.grpcStatus)} "${outcome.grpcMessage}" (HTTP ${String(outcome.httpStatus)}, reset ${outcome.resetCode})`,
        );
      });
    }

    it("when a gRPC client speaks HTTP/1.1 to Envoy, then the answer carries a grpc-status", async () => {
      const outcome = await sendHttp1GrpcCall(envoyUrl(), unaryPath, { message: valid, timeoutMs: 10_000 });
      assert.equal(outcome.httpStatus, 200, outcome.error);
      assert.equal(outcome.grpcStatus, 0, `headers ${JSON.stringify(outcome.headers)}`);
    });

    it("when every case has been sent, then each replica still answers, reports SERVING and Envoy counts both healthy", async () => {
      for (const replica of replicas) {
        const transport = createGrpcTransport({ baseUrl: replica.service.url });
        const health = await createClient(Health, transport).check({ service: "" }, { timeoutMs: 5000 });
        assert.equal(health.status, HealthCheckResponse_ServingStatus.SERVING);
        const answer = await createClient(RuntimeProbeService, transport).probe(
          { name: "still here", quantity: 1 },
          { timeoutMs: 5000 },
        );
        assert.equal(answer.name, "still here");
      }
      assert.equal((await healthyHostCounts(running())).get(cluster), 2);
    });
  });
}

for (const stack of ["connect-node", "grpc-js"] as const) {
  describe(`a replica killed under load through Envoy, replicas on ${stack}`, () => {
    it("when one of two replicas is killed (SIGKILL) mid-load, then no unary call fails: each is retried on the other", async (context) => {
      const replicas: ServiceProcess[] = [];
      let envoy: EnvoyProcess | undefined;
      let loadRunning = true;
      try {
        for (const id of ["victim", "survivor"])
          replicas.push(await startProbeProcess(stack, { INSTANCE_ID: id }));
        envoy = await startEnvoy({
          configYaml: renderFrontProxyConfig({
            services: [
              {
                name: cluster,
                grpcServices: [RuntimeProbeService.typeName],
                endpoints: replicas.map((replica) => ({ host: "127.0.0.1", port: replica.port })),
              },
            ],
            listenerPort: 0,
            adminPort: 0,
            accessLog: false,
          }),
        });
        await waitForHealthyHosts(envoy, new Map([[cluster, 2]]), 20_000);
        const client = createClient(
          RuntimeProbeService,
          createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}` }),
        );
        const failures: string[] = [];
        let succeeded = 0;
        // Bounded: each worker stops after 400 calls even if the test forgets to stop it.
        const worker = async (): Promise<void> => {
          for (let index = 0; loadRunning && index < 400; index++) {
            try {
              await client.probe(
                { name: "load", quantity: 1, action: ProbeAction.DELAY, delayMs: 40 },
                { timeoutMs: 10_000 },
              );
              succeeded++;
            } catch (error) {
              failures.push(ConnectError.from(error).message);
            }
          }
        };
        const workers = Array.from({ length: 24 }, worker);
        await within(
          20_000,
          "load under way",
          (async () => {
            while (succeeded < 50) await new Promise((resolve) => setTimeout(resolve, 10));
          })(),
        );
        const [victim] = replicas;
        assert.ok(victim);
        victim.signal("SIGKILL");
        await victim.exited;
        const succeededAtKill = succeeded;
        await within(
          20_000,
          "load after the kill",
          (async () => {
            while (succeeded < succeededAtKill + 200 && failures.length === 0)
              await new Promise((resolve) => setTimeout(resolve, 10));
          })(),
        );
        loadRunning = false;
        await Promise.all(workers);
        const overflow = await clusterCounter(envoy, "upstream_rq_retry_overflow");
        // A call whose response headers Envoy had already passed on when the replica died cannot be
        // retried by any proxy: the client sees the stream reset (INTERNAL). Every other call must
        // succeed. The cut ones can only be calls the victim was answering at that instant: at
        // most its half of the workers. On connect-node the window is a few microseconds per call
        // (0 cut in most runs); grpc-js writes a unary call's trailers one event-loop turn after its
        // headers and message, so on a busy machine several calls fall in that window.
        const cutMidResponse = failures.filter((failure) => failure.includes("NGHTTP2_INTERNAL_ERROR"));
        assert.deepEqual(
          failures.filter((failure) => !cutMidResponse.includes(failure)),
          [],
          `${succeeded} calls succeeded; retry overflow ${overflow}`,
        );
        context.diagnostic(`${cutMidResponse.length} calls cut mid-response, ${succeeded} succeeded`);
        assert.ok(
          cutMidResponse.length <= workers.length / 2,
          `${cutMidResponse.length} calls cut mid-response: more than the victim's share of the ${workers.length} workers`,
        );
        assert.equal(overflow, 0, "the retry budget let every retry through");
      } finally {
        loadRunning = false;
        await envoy?.stop();
        await Promise.all(replicas.map((replica) => replica.stop(0)));
      }
    });
  });
}
