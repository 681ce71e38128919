import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { knownProduct } from "./suite-cases.js";
import { healthyHostCounts } from "@switchyard/launcher";
import { startTestTopology, type TestTopology } from "./test-topology.js";

/** Envoy's active health check interval here; it marks a replica unhealthy after 2 failed checks. */
const healthCheckIntervalMs = 500;
/**
 * The health-check window: two failed checks, up to one interval until the first one runs,
 * plus 1 s for a loaded 2-core machine.
 */
const healthCheckWindowMs = 3 * healthCheckIntervalMs + 1000;
/** Calls in flight through Envoy at any time (one client, one HTTP/2 connection). */
const concurrency = 8;
/** After a SIGKILL, at most the calls the replica had in flight may fail. */
const maxFailedCallsAfterKill = concurrency;
/** Calls started this long after a SIGKILL must all succeed. */
const recoveryMs = 1000;

interface CallRecord {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly servedBy: string | null;
  readonly error?: string;
}

/**
 * Runs `concurrency` call loops through Envoy for `durationMs` (each call with a 2 s deadline),
 * calls `during` once the loops run, and returns every call's record once the loops stop.
 */
async function underLoad(
  envoyPort: number,
  durationMs: number,
  during: () => Promise<void>,
): Promise<CallRecord[]> {
  const client = createClient(
    CatalogService,
    createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoyPort}` }),
  );
  const records: CallRecord[] = [];
  const stopAt = Date.now() + durationMs;
  const loop = async (): Promise<void> => {
    while (Date.now() < stopAt) {
      const startedAt = Date.now();
      let servedBy: string | null = null;
      try {
        await client.getProduct(
          { id: knownProduct },
          { timeoutMs: 2000, onHeader: (headers) => (servedBy = headers.get("x-served-by")) },
        );
        records.push({ startedAt, endedAt: Date.now(), servedBy });
      } catch (error) {
        records.push({ startedAt, endedAt: Date.now(), servedBy, error: ConnectError.from(error).message });
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  await during();
  await Promise.all(loops);
  return records;
}

describe("self-healing through Envoy, under load, with replicas as processes", () => {
  let topology: TestTopology | undefined;
  const running = (): TestTopology => {
    assert.ok(topology, "before() started the topology");
    return topology;
  };

  before(async () => {
    topology = await startTestTopology({
      replicas: 3,
      replicasOf: { pricing: 1 },
      // A SIGTERMed replica reports NOT_SERVING and keeps serving this long before GOAWAY:
      // longer than the health-check window, as in production (DRAIN_DELAY_MS).
      replicaEnv: { DRAIN_DELAY_MS: String(healthCheckWindowMs + 1000) },
      timings: { healthCheckIntervalMs, healthCheckTimeoutMs: healthCheckIntervalMs },
    });
  });

  after(async () => {
    await topology?.stop();
  });

  it(`when a replica turns NOT_SERVING (SIGTERM drains it), then Envoy stops routing to it within ${healthCheckWindowMs} ms and no call fails`, async () => {
    const [leaving] = running().replicasOf("catalog");
    assert.ok(leaving);
    let signalledAt = 0;
    const records = await underLoad(running().plaintextPort, healthCheckWindowMs + 2500, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      signalledAt = Date.now();
      leaving.signal("SIGTERM");
    });
    const failed = records.filter((record) => record.error !== undefined);
    assert.deepEqual(failed, [], "no call failed while the replica left");
    const servedByLeaving = records.filter((record) => record.servedBy === leaving.instanceId);
    assert.ok(
      servedByLeaving.some((record) => record.startedAt < signalledAt),
      "the replica carried calls before",
    );
    const lastStart = Math.max(...servedByLeaving.map((record) => record.startedAt));
    assert.ok(
      lastStart - signalledAt <= healthCheckWindowMs,
      `last call routed to ${leaving.instanceId} started ${lastStart - signalledAt} ms after NOT_SERVING`,
    );
    assert.ok(
      records.filter((record) => record.startedAt > signalledAt + healthCheckWindowMs).length > 0,
      "calls kept flowing to the other replicas",
    );
    const healthy = await healthyHostCounts(running().envoy);
    assert.equal(healthy.get("catalog"), 2, "Envoy counts 2 healthy catalog replicas");
    assert.match((await leaving.exited).description, /exit code 0/, "the drained replica exited cleanly");
  });

  it(`when a replica is SIGKILLed, then at most ${maxFailedCallsAfterKill} calls fail and every call started ${recoveryMs} ms later succeeds`, async () => {
    const alive = running()
      .replicasOf("catalog")
      .filter((replica) => !replica.hasExited());
    const victim = alive[0];
    assert.ok(victim && alive.length === 2, "two catalog replicas are left");
    let killedAt = 0;
    const retriesBefore = await catalogStat(running(), "upstream_rq_retry");
    const records = await underLoad(running().plaintextPort, recoveryMs + 2000, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      killedAt = Date.now();
      victim.signal("SIGKILL");
    });
    assert.match((await victim.exited).description, /SIGKILL/);
    assert.ok(
      records.some((record) => record.servedBy === victim.instanceId && record.startedAt < killedAt),
      "the victim carried calls before",
    );
    const failed = records.filter((record) => record.error !== undefined);
    assert.ok(
      failed.length <= maxFailedCallsAfterKill,
      `${failed.length} calls failed: ${failed.map((record) => record.error).join("; ")}`,
    );
    // The calls on the dead replica's connection all end when Envoy sees it terminate: one burst.
    assert.ok(
      failed.every((record) => record.endedAt - killedAt < recoveryMs),
      "every failure happened in the burst right after the kill",
    );
    const lateFailures = failed.filter((record) => record.startedAt > killedAt + recoveryMs);
    assert.deepEqual(lateFailures, [], `calls started ${recoveryMs} ms after the kill all succeed`);
    const recovered = records.filter((record) => record.startedAt > killedAt + recoveryMs);
    assert.ok(recovered.length > 0, "calls flowed after recovery");
    assert.ok(
      recovered.every((record) => record.servedBy !== victim.instanceId),
      "nothing is served by the dead replica",
    );
    // For the record: the burst of UNAVAILABLE (reset) answers trips outlier detection's
    // consecutive_gateway_failure, which ejects the host before any call meets its closed port.
    const retriesAfter = await catalogStat(running(), "upstream_rq_retry");
    const ejections = await catalogStat(running(), "outlier_detection.ejections_enforced_total");
    console.log(
      `# SIGKILL: ${failed.length} of ${records.length} calls failed; Envoy retried ${retriesAfter - retriesBefore}, ` +
        `outlier detection ejected ${ejections} host(s)`,
      failed.map(
        (record) => `${record.startedAt - killedAt}..${record.endedAt - killedAt} ms: ${record.error ?? ""}`,
      ),
    );
  });
});

async function catalogStat(topology: TestTopology, name: string): Promise<number> {
  const stats = await topology.envoy.admin(`/stats?filter=^cluster\\.catalog\\.${name}$`);
  return Number(new RegExp(`${name}: (\\d+)`).exec(stats)?.[1] ?? 0);
}
