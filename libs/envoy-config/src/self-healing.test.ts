import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { HealthCheckResponse_ServingStatus as ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { startConnectService } from "@switchyard/connect-runtime";
import { startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { renderFrontProxyConfig } from "./front-proxy-config.js";
import { frontProxyListenerName } from "./front-proxy-options.js";

interface CallRecord {
  readonly startedAt: number;
  readonly servedBy: string | undefined;
  readonly failed: boolean;
}

/** Runtime replicas behind the front proxy with its default (local platform) timings. */
async function startTopology(count: number): Promise<{ replicas: RunningService[]; envoy: EnvoyProcess }> {
  const replicas: RunningService[] = [];
  for (let index = 0; index < count; index++) {
    replicas.push(
      await startConnectService({
        name: "echo",
        config: loadServiceConfig({
          PORT: "0",
          HOST: "127.0.0.1",
          INSTANCE_ID: `replica-${index + 1}`,
          DRAIN_DELAY_MS: "0",
          DRAIN_GRACE_MS: "1000",
          LOG_LEVEL: "silent",
        }),
        services: [
          {
            service: EchoService,
            implementation: {
              async echo(request) {
                await new Promise((resolve) => setTimeout(resolve, request.delayMs));
                return { message: request.message };
              },
            },
          },
        ],
      }),
    );
  }
  const envoy = await startEnvoy({
    configYaml: renderFrontProxyConfig({
      services: [
        {
          name: "echo",
          grpcServices: [EchoService.typeName],
          endpoints: replicas.map((replica) => ({ host: "127.0.0.1", port: replica.port })),
        },
      ],
      listenerPort: 0,
      adminPort: 0,
      accessLog: false,
    }),
  });
  return { replicas, envoy };
}

/**
 * Keeps `concurrency` calls in flight through Envoy until stopped, recording each call. Bounded:
 * it stops by itself after `maxMs` even when the test forgets to.
 */
function startLoad(client: Client<typeof EchoService>, concurrency: number, maxMs: number) {
  const records: CallRecord[] = [];
  const started = Date.now();
  let running = true;
  const workers = Array.from({ length: concurrency }, async () => {
    while (running && Date.now() - started < maxMs) {
      const startedAt = Date.now();
      const headers: Headers[] = [];
      try {
        await client.echo(
          { message: "load", delayMs: 20 },
          { onHeader: (h) => headers.push(h), timeoutMs: 5000 },
        );
        records.push({ startedAt, servedBy: headers[0]?.get("x-served-by") ?? undefined, failed: false });
      } catch {
        records.push({ startedAt, servedBy: undefined, failed: true });
      }
    }
  });
  return {
    records,
    async stop(): Promise<CallRecord[]> {
      running = false;
      await Promise.all(workers);
      return records;
    },
  };
}

async function hostHealthy(envoy: EnvoyProcess, port: number): Promise<boolean> {
  const status = JSON.parse(await envoy.admin("/clusters?format=json")) as {
    cluster_statuses?: {
      host_statuses?: {
        address?: { socket_address?: { port_value?: number } };
        health_status?: { failed_active_health_check?: boolean };
      }[];
    }[];
  };
  const host = status.cluster_statuses
    ?.flatMap((cluster) => cluster.host_statuses ?? [])
    .find((candidate) => candidate.address?.socket_address?.port_value === port);
  return host?.health_status?.failed_active_health_check !== true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("self-healing through the front proxy, under load", () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function topology(count: number) {
    const { replicas, envoy } = await startTopology(count);
    cleanups.push(async () => {
      await Promise.all(replicas.map((replica) => replica.forceClose()));
    });
    cleanups.push(() => envoy.stop());
    const client = createClient(
      EchoService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}` }),
    );
    return { replicas, envoy, client };
  }

  it("when a replica turns NOT_SERVING, then Envoy stops routing to it within the health-check window and no call fails", async () => {
    const { replicas, envoy, client } = await topology(3);
    const [leaving] = replicas;
    assert.ok(leaving);
    const load = startLoad(client, 8, 15_000);
    await sleep(300);
    const turnedAt = Date.now();
    leaving.health.setStatus("", ServingStatus.NOT_SERVING);
    let leftAt = turnedAt;
    while (await hostHealthy(envoy, leaving.port)) {
      assert.ok(Date.now() - turnedAt < 5000, "Envoy took the replica out within 5 s");
      await sleep(50);
      leftAt = Date.now();
    }
    await sleep(1000);
    const records = await load.stop();
    const window = leftAt - turnedAt;
    // Local timings: interval 1 s x unhealthy threshold 2, plus one check in flight.
    assert.ok(window <= 3500, `left rotation ${window} ms after NOT_SERVING`);
    assert.equal(records.filter((record) => record.failed).length, 0, "no call failed");
    const afterLeaving = records.filter((record) => record.startedAt > leftAt + 50);
    assert.ok(afterLeaving.length > 50, `load kept running (${afterLeaving.length} calls)`);
    assert.deepEqual(
      afterLeaving.filter((record) => record.servedBy === leaving.instanceId),
      [],
      "no call reached the NOT_SERVING replica once Envoy marked it",
    );
  });

  it("when a replica dies abruptly, then failed calls stay within the calls it had in flight and traffic recovers within 1 s", async () => {
    const { replicas, client } = await topology(3);
    const [, dying] = replicas;
    assert.ok(dying);
    const concurrency = 8;
    const load = startLoad(client, concurrency, 15_000);
    await sleep(500);
    const killedAt = Date.now();
    await dying.forceClose();
    await sleep(2500);
    const records = await load.stop();
    const failed = records.filter((record) => record.failed);
    // Only calls already on the dying replica can fail: new ones see connect-failure, which
    // Envoy retries on another replica, and outlier detection ejects it after 3 such failures.
    assert.ok(
      failed.length <= concurrency,
      `${failed.length} failed calls (bound: ${concurrency} in flight)`,
    );
    const lateFailures = failed.filter((record) => record.startedAt > killedAt + 1000);
    assert.deepEqual(lateFailures, [], "no call started a second after the kill failed");
    assert.ok(
      records.filter((record) => record.startedAt > killedAt + 1000 && !record.failed).length > 50,
      "traffic kept flowing on the other replicas",
    );
  });

  it("when one client sends 400 concurrent calls to a replica allowing 100 streams per connection, then none is refused", async () => {
    const { envoy, client } = await topology(1);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 400 }, () =>
        client.echo({ message: "burst", delayMs: 20 }, { timeoutMs: 10_000 }),
      ),
    );
    const failed = outcomes.filter((outcome) => outcome.status === "rejected");
    assert.equal(failed.length, 0, `first failure: ${String(failed[0]?.reason)}`);
    const stats = await envoy.admin("/stats?filter=^cluster\\.echo\\.upstream_cx_total$");
    assert.ok(Number(/: (\d+)/.exec(stats)?.[1]) >= 4, `Envoy opened more connections instead: ${stats}`);
  });
});
