import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { startConnectService } from "@switchyard/connect-runtime";
import { ServingStatus } from "@switchyard/grpc-health";
import { findFreeLoopbackPort } from "@switchyard/launcher";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { loadServiceConfig, servedByHeader, type RunningService } from "@switchyard/service-runtime";
import { testServiceEnvironment } from "@switchyard/testing";
import { createReplicaBalancer, ReplicasExhaustedError, type ReplicaBalancer } from "./replica-balancer.js";

type Echo = Client<typeof EchoService>;

/** An echo replica named `instanceId`, on 127.0.0.1, port 0. */
function startReplica(instanceId: string): Promise<RunningService> {
  return startConnectService({
    name: "echo",
    config: loadServiceConfig({ ...testServiceEnvironment, INSTANCE_ID: instanceId, LOG_LEVEL: "silent" }),
    services: [{ service: EchoService, implementation: { echo: ({ message }) => ({ message }) } }],
  });
}

const noSignal = new AbortController().signal;

/** Which replica answered one echo through `balancer`. */
async function servedBy(balancer: ReplicaBalancer<Echo>, retryUnavailable = false): Promise<string> {
  let replica = "";
  await balancer.call(
    (echo, timeoutMs) =>
      echo.echo(
        { message: "hi" },
        { timeoutMs, onHeader: (headers) => (replica = headers.get(servedByHeader) ?? "") },
      ),
    { timeoutMs: 5000, signal: noSignal, retryUnavailable },
  );
  return replica;
}

describe("createReplicaBalancer", () => {
  const replicas: RunningService[] = [];
  const balancers: ReplicaBalancer<Echo>[] = [];
  let closedUrl = "";
  const balance = (urls: readonly string[]): ReplicaBalancer<Echo> => {
    const balancer = createReplicaBalancer({
      urls,
      connect: (url) => createClient(EchoService, createGrpcTransport({ baseUrl: url })),
    });
    balancers.push(balancer);
    return balancer;
  };

  before(async () => {
    replicas.push(await startReplica("echo-1"), await startReplica("echo-2"));
    // A port nothing listens on: connections are refused (UNAVAILABLE).
    closedUrl = `http://127.0.0.1:${await findFreeLoopbackPort()}`;
  });
  after(async () => {
    for (const balancer of balancers) balancer.close();
    await Promise.all(replicas.map((replica) => replica.forceClose()));
  });

  it("when calls are made, then they go round robin across the replicas", async () => {
    const balancer = balance(replicas.map((replica) => replica.url));
    const answers = [];
    for (let index = 0; index < 4; index++) answers.push(await servedBy(balancer));
    assert.deepEqual(answers.sort(), ["echo-1", "echo-1", "echo-2", "echo-2"]);
  });

  it("when a replica refuses connections, then a retrying call goes to the next one and a plain call fails UNAVAILABLE", async () => {
    const [first] = replicas;
    assert.ok(first);
    const balancer = balance([closedUrl, first.url]);
    assert.equal(await servedBy(balancer, true), "echo-1", "the refused replica was passed over");
    const plain = balance([closedUrl]);
    await assert.rejects(servedBy(plain), (error: unknown) => {
      assert.equal(ConnectError.from(error).code, Code.Unavailable);
      assert.ok(!(error instanceof ReplicasExhaustedError), "one try, no retry: the replica's own error");
      return true;
    });
  });

  it("when every replica is down, then the call fails with ReplicasExhaustedError, a ConnectError UNAVAILABLE", async () => {
    const balancer = balance([closedUrl]);
    await assert.rejects(servedBy(balancer, true), (error: unknown) => {
      assert.ok(error instanceof ReplicasExhaustedError);
      assert.ok(error instanceof ConnectError, "handled like any ConnectError");
      assert.equal(error.code, Code.Unavailable);
      assert.match(error.rawMessage, /^no replica answered \(1 tried; last: /);
      return true;
    });
  });

  it("when a replica's health says NOT_SERVING (draining), then calls pass it over until it serves again", async () => {
    const [draining] = replicas;
    assert.ok(draining);
    const balancer = balance(replicas.map((replica) => replica.url));
    try {
      draining.health.setStatus("", ServingStatus.NOT_SERVING);
      assert.equal(await balancer.checkHealth(2000), true, "one replica still serves");
      const answers = [];
      for (let index = 0; index < 4; index++) answers.push(await servedBy(balancer));
      assert.deepEqual(answers, ["echo-2", "echo-2", "echo-2", "echo-2"]);
      draining.health.setStatus("", ServingStatus.SERVING);
      assert.equal(await balancer.checkHealth(2000), true);
      assert.ok((await Promise.all([servedBy(balancer), servedBy(balancer)])).includes("echo-1"));
    } finally {
      draining.health.setStatus("", ServingStatus.SERVING);
    }
  });
});
