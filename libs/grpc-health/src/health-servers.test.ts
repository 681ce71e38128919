import assert from "node:assert/strict";
import { startConnectTestServer } from "@switchyard/testing";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:http2";
import { describe, it } from "node:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { Health } from "@switchyard/proto/grpc/health/v1/health";
import { LoadBalancerProbe } from "@switchyard/proto/switchyard/health/v1/load_balancer_probe";
import {
  addHealthToGrpcJsServer,
  createHealthService,
  loadBalancerProbePath,
  registerHealthConnect,
  ServingStatus,
  type HealthService,
} from "./index.js";

interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

async function startConnectServer(health: HealthService): Promise<RunningServer> {
  return startConnectTestServer({
    routes: (router) => {
      registerHealthConnect(router, health);
    },
  });
}

async function startGrpcJsServer(health: HealthService): Promise<RunningServer> {
  const server = new grpc.Server();
  addHealthToGrpcJsServer(server, health);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(error);
      else resolve(bound);
    });
  });
  return {
    port,
    close: () => {
      server.forceShutdown();
      return Promise.resolve();
    },
  };
}

const stacks = [
  { name: "connect-node", start: startConnectServer },
  { name: "grpc-js", start: startGrpcJsServer },
] as const;

/** Starts a server with `health` on `stack`, runs `test`, and always stops the server. */
async function withServer(
  stack: (typeof stacks)[number],
  health: HealthService,
  test: (port: number) => Promise<void>,
): Promise<void> {
  const server = await stack.start(health);
  try {
    await test(server.port);
  } finally {
    await server.close();
  }
}

function connectCode(error: unknown): Code {
  return ConnectError.from(error).code;
}

/** Runs grpc-health-probe and resolves with its exit code. */
function runHealthProbe(port: number, service = ""): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(
      "grpc-health-probe",
      [`-addr=127.0.0.1:${port}`, `-service=${service}`, "-connect-timeout=3s", "-rpc-timeout=3s"],
      { timeout: 10_000 },
      (error) => {
        if (error === null) resolve(0);
        else if (typeof error.code === "number") resolve(error.code);
        else reject(new Error(`grpc-health-probe did not run: ${error.message}`, { cause: error }));
      },
    );
  });
}

/** Sends a gRPC request with an empty message body (as an ALB does) and returns its grpc-status. */
async function rawEmptyCall(port: number, path: string): Promise<string> {
  const session = connect(`http://127.0.0.1:${port}`);
  try {
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
    });
    let status: unknown;
    stream.on("response", (headers) => (status ??= headers["grpc-status"]));
    stream.on("trailers", (trailers: Record<string, unknown>) => (status = trailers["grpc-status"]));
    stream.resume();
    stream.end(Buffer.alloc(5)); // flag 0, length 0: an empty CheckRequest
    await once(stream, "close");
    return String(status);
  } finally {
    session.close();
  }
}

for (const stack of stacks) {
  describe(`grpc.health.v1 on ${stack.name}`, () => {
    it("when the whole server is SERVING, then Check answers SERVING to connect and grpc-js clients", async () => {
      const health = createHealthService({ statuses: { "": ServingStatus.SERVING } });
      await withServer(stack, health, async (port) => {
        const connectClient = createClient(
          Health,
          createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }),
        );
        assert.equal((await connectClient.check({ service: "" })).status, ServingStatus.SERVING);
        const grpcJsClient = createGrpcJsClient(
          Health,
          `127.0.0.1:${port}`,
          grpc.credentials.createInsecure(),
        );
        try {
          assert.equal((await grpcJsClient.check({})).status, ServingStatus.SERVING);
        } finally {
          grpcJsClient.close();
        }
      });
    });

    it("when Check asks for an unknown service, then the status is NOT_FOUND", async () => {
      await withServer(stack, createHealthService(), async (port) => {
        const client = createClient(Health, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
        await assert.rejects(
          client.check({ service: "no.Such" }),
          (error) => connectCode(error) === Code.NotFound,
        );
      });
    });

    it("when List is called, then every service and its status comes back", async () => {
      const health = createHealthService({
        statuses: { "": ServingStatus.SERVING, "a.A": ServingStatus.NOT_SERVING },
      });
      await withServer(stack, health, async (port) => {
        const client = createGrpcJsClient(Health, `127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
          const { statuses } = await client.list({});
          assert.deepEqual(
            Object.entries(statuses).map(([service, response]) => [service, response.status]),
            [
              ["", ServingStatus.SERVING],
              ["a.A", ServingStatus.NOT_SERVING],
            ],
          );
        } finally {
          client.close();
        }
      });
    });

    it("when List would exceed the limit, then the status is RESOURCE_EXHAUSTED", async () => {
      const health = createHealthService({
        statuses: { "a.A": ServingStatus.SERVING },
        maxListedServices: 1,
      });
      await withServer(stack, health, async (port) => {
        const client = createClient(Health, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
        await assert.rejects(client.list({}), (error) => connectCode(error) === Code.ResourceExhausted);
      });
    });

    it("when a connect client watches a service that appears later, then it sees SERVICE_UNKNOWN, SERVING, NOT_SERVING", async () => {
      const health = createHealthService();
      await withServer(stack, health, async (port) => {
        const client = createClient(Health, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
        const abort = new AbortController();
        const seen: ServingStatus[] = [];
        const changes = [
          () => {
            health.setStatus("later.Service", ServingStatus.SERVING);
          },
          () => {
            health.setAllNotServing();
          },
        ];
        try {
          for await (const { status } of client.watch(
            { service: "later.Service" },
            { signal: abort.signal, timeoutMs: 5000 },
          )) {
            seen.push(status);
            const next = changes.shift();
            if (next) next();
            else break;
          }
        } finally {
          abort.abort();
        }
        assert.deepEqual(seen, [
          ServingStatus.SERVICE_UNKNOWN,
          ServingStatus.SERVING,
          ServingStatus.NOT_SERVING,
        ]);
      });
    });

    it("when a grpc-js client watches the server, then each change streams in", async () => {
      const health = createHealthService();
      await withServer(stack, health, async (port) => {
        const client = createGrpcJsClient(Health, `127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const call = client.watch({ service: "" }, { deadline: Date.now() + 5000 });
        const seen: ServingStatus[] = [];
        const changes = [
          () => {
            health.setStatus("", ServingStatus.SERVING);
          },
          () => {
            health.setAllNotServing();
          },
        ];
        try {
          for await (const response of call) {
            seen.push(response.status);
            const next = changes.shift();
            if (next) next();
            else break;
          }
        } finally {
          call.cancel();
          client.close();
        }
        assert.deepEqual(seen, [ServingStatus.NOT_SERVING, ServingStatus.SERVING, ServingStatus.NOT_SERVING]);
      });
    });

    it("when grpc-health-probe checks, then it exits 0 while SERVING and 4 after the drain starts", async () => {
      const health = createHealthService({
        statuses: { "": ServingStatus.SERVING, "a.A": ServingStatus.SERVING },
      });
      await withServer(stack, health, async (port) => {
        assert.equal(await runHealthProbe(port), 0);
        assert.equal(await runHealthProbe(port, "a.A"), 0);
        health.setAllNotServing();
        assert.equal(await runHealthProbe(port), 4);
        assert.equal(await runHealthProbe(port, "a.A"), 4);
      });
    });
  });

  describe(`load-balancer probe on ${stack.name}`, () => {
    it("when the server is SERVING, then an empty probe request answers status OK", async () => {
      const health = createHealthService({ statuses: { "": ServingStatus.SERVING } });
      await withServer(stack, health, async (port) => {
        assert.equal(await rawEmptyCall(port, loadBalancerProbePath), "0");
      });
    });

    it("when the server drains, then the probe answers UNAVAILABLE, for the server and a named service", async () => {
      const health = createHealthService({
        statuses: { "": ServingStatus.SERVING, "a.A": ServingStatus.SERVING },
      });
      await withServer(stack, health, async (port) => {
        const client = createClient(
          LoadBalancerProbe,
          createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }),
        );
        await client.check({ service: "a.A" });
        health.setAllNotServing();
        assert.equal(await rawEmptyCall(port, loadBalancerProbePath), String(grpc.status.UNAVAILABLE));
        await assert.rejects(
          client.check({ service: "a.A" }),
          (error) => connectCode(error) === Code.Unavailable,
        );
      });
    });

    it("when the probe names an unknown service, then the status is NOT_FOUND", async () => {
      await withServer(stack, createHealthService(), async (port) => {
        const client = createGrpcJsClient(
          LoadBalancerProbe,
          `127.0.0.1:${port}`,
          grpc.credentials.createInsecure(),
        );
        try {
          await assert.rejects(client.check({ service: "no.Such" }), (error: grpc.ServiceError) => {
            assert.equal(error.code, grpc.status.NOT_FOUND);
            return true;
          });
        } finally {
          client.close();
        }
      });
    });
  });
}

describe("load-balancer probe path", () => {
  it("when the constant is compared with the descriptor, then it is the probe's gRPC path", () => {
    assert.equal(
      loadBalancerProbePath,
      `/${LoadBalancerProbe.typeName}/${LoadBalancerProbe.method.check.name}`,
    );
  });
});
