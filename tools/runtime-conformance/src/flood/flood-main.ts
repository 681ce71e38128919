// The overload lab: floods two probe replicas (own processes) through Envoy as configured for
// the platform and prints what survived. Not a test: numbers go into docs/overload-results.md.
//
//   [MAX_IN_FLIGHT_CALLS=n] [FLOOD_RATE=calls/s] node --import tsx tools/runtime-conformance/src/flood/flood-main.ts [connect-node|grpc-js]
import { readFile } from "node:fs/promises";
import { connect, type ClientHttp2Session } from "node:http2";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { frontProxyListenerName, renderFrontProxyConfig } from "@switchyard/envoy-config";
import { sendRawGrpcCall, withHttp2Session } from "@switchyard/grpc-wire";
import {
  healthyHostCounts,
  startEnvoy,
  startServiceProcess,
  waitForHealthyHosts,
  type EnvoyProcess,
  type ServiceProcess,
} from "@switchyard/launcher";
import {
  ProbeRequestSchema,
  RuntimeProbeService,
} from "@switchyard/proto/switchyard/testing/v1/runtime_probe";

const stack = process.argv[2] === "grpc-js" ? "grpc-js" : "connect-node";
const cluster = "probe";
const probeMain = new URL("../probe/probe-main.ts", import.meta.url).pathname;
const bodylessDeadlineMs = 5000;

type ProbeClient = Client<typeof RuntimeProbeService>;
const probePath = `/${RuntimeProbeService.typeName}/${RuntimeProbeService.method.probe.name}`;
const probeRequest = toBinary(ProbeRequestSchema, create(ProbeRequestSchema, { name: "flood", quantity: 1 }));

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}

/** Calls that ended, by canonical code name, with the latency of each. */
class Outcomes {
  readonly byCode = new Map<string, number[]>();
  noHealthyUpstream = 0;
  record(code: number, latencyMs: number, message = ""): void {
    const name =
      code === 0 ? "OK" : ((Code as unknown as Record<number, string | undefined>)[code] ?? String(code));
    this.recordName(name, latencyMs);
    if (message.includes("no healthy upstream")) this.noHealthyUpstream++;
  }
  recordName(name: string, latencyMs: number): void {
    const list = this.byCode.get(name) ?? [];
    list.push(latencyMs);
    this.byCode.set(name, list);
  }
  count(name: string): number {
    return this.byCode.get(name)?.length ?? 0;
  }
  get total(): number {
    return [...this.byCode.values()].reduce((sum, list) => sum + list.length, 0);
  }
  summary(): string {
    return [...this.byCode]
      .map(
        ([name, list]) =>
          `${name} ${list.length} (p50 ${percentile(list, 50)} ms, p99 ${percentile(list, 99)} ms)`,
      )
      .join("; ");
  }
}

async function call(client: ProbeClient, outcomes: Outcomes, timeoutMs: number): Promise<void> {
  const started = performance.now();
  try {
    await client.probe({ name: "flood", quantity: 1 }, { timeoutMs });
    outcomes.record(0, performance.now() - started);
  } catch (error) {
    const connectError = ConnectError.from(error);
    outcomes.record(connectError.code, performance.now() - started, connectError.rawMessage);
  }
}

/**
 * One flood call on a raw HTTP/2 session: a prebuilt request and no client library, so the
 * flood costs the machine little next to what it floods. The deadline travels as grpc-timeout.
 */
async function rawCall(session: ClientHttp2Session, outcomes: Outcomes, deadlineMs: number): Promise<void> {
  const started = performance.now();
  const outcome = await sendRawGrpcCall(session, probePath, {
    message: probeRequest,
    headers: { "grpc-timeout": `${deadlineMs}m` },
    timeoutMs: deadlineMs * 5,
  });
  const latencyMs = performance.now() - started;
  if (outcome.grpcStatus === undefined)
    outcomes.recordName(
      `no status (HTTP ${String(outcome.httpStatus)}, RST ${outcome.resetCode})`,
      latencyMs,
    );
  else outcomes.record(outcome.grpcStatus, latencyMs, outcome.grpcMessage);
}

/** Closed loop: `concurrency` calls in flight for `durationMs`, over raw sessions. */
async function closedLoop(
  sessions: ClientHttp2Session[],
  concurrency: number,
  durationMs: number,
): Promise<Outcomes> {
  const outcomes = new Outcomes();
  const stopAt = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, index) => {
      const session = sessions[index % sessions.length] as ClientHttp2Session;
      while (performance.now() < stopAt) await rawCall(session, outcomes, 5000);
    }),
  );
  return outcomes;
}

/** Open loop: `rate` calls per second for `durationMs` over raw sessions, whatever the answers take. */
async function openLoop(sessions: ClientHttp2Session[], rate: number, durationMs: number): Promise<Outcomes> {
  const outcomes = new Outcomes();
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; sent < due; sent++)
      pending.push(rawCall(sessions[sent % sessions.length] as ClientHttp2Session, outcomes, 2000));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(pending);
  return outcomes;
}

async function sampleWhile<T>(work: Promise<T>, every: number, sample: () => Promise<void>): Promise<T> {
  const state = { done: false };
  const sampling = (async () => {
    while (!state.done) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, every));
    }
  })();
  try {
    return await work;
  } finally {
    state.done = true;
    await sampling;
  }
}

const replicas: ServiceProcess[] = [];
let envoy: EnvoyProcess | undefined;
try {
  for (const id of ["replica-a", "replica-b"]) {
    replicas.push(
      await startServiceProcess({
        service: "probe",
        entry: probeMain,
        instanceId: id,
        env: {
          PROBE_STACK: stack,
          DEFAULT_DEADLINE_MS: String(bodylessDeadlineMs),
          // The replicas' in-flight limit, to compare shedding points; the runtime's default otherwise.
          ...(process.env["MAX_IN_FLIGHT_CALLS"] === undefined
            ? {}
            : { MAX_IN_FLIGHT_CALLS: process.env["MAX_IN_FLIGHT_CALLS"] }),
        },
        retainLogLines: false,
        startTimeoutMs: 30_000,
      }),
    );
  }
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
  const proxy = envoy;
  await waitForHealthyHosts(proxy, new Map([[cluster, 2]]), 20_000);
  const envoyUrl = `http://127.0.0.1:${proxy.listenerPort(frontProxyListenerName)}`;
  const sessions = Array.from({ length: 8 }, () => connect(envoyUrl).on("error", () => undefined));
  const pids = [...replicas.map((replica) => replica.pid), proxy.process.pid];
  const memory = async (): Promise<number[]> => Promise.all(pids.map(rssMb));
  const baseline = await memory();
  process.stdout.write(
    `stack ${stack}; RSS at start (MB) replicas ${baseline.slice(0, 2).join(", ")}, Envoy ${baseline[2]}\n`,
  );

  await closedLoop(sessions, 16, 2000); // warm-up
  const capacityMs = 8000;
  const capacity = await closedLoop(sessions, 64, capacityMs);
  const capacityRps = Math.round(capacity.count("OK") / (capacityMs / 1000));
  process.stdout.write(
    `capacity (closed loop, 64 in flight, ${capacityMs / 1000} s): ${capacityRps} calls/s OK; ${capacity.summary()}\n`,
  );

  const floodMs = 15_000;
  let minHealthy = 2;
  const peak = [...baseline];
  // FLOOD_RATE fixes the offered rate, to compare configurations on a machine whose capacity varies.
  const floodRate = Number(process.env["FLOOD_RATE"] ?? capacityRps * 2);
  const flood = await sampleWhile(openLoop(sessions, floodRate, floodMs), 250, async () => {
    minHealthy = Math.min(minHealthy, (await healthyHostCounts(proxy)).get(cluster) ?? 0);
    (await memory()).forEach((value, index) => (peak[index] = Math.max(peak[index] ?? 0, value)));
  });
  const goodput = Math.round(flood.count("OK") / (floodMs / 1000));
  process.stdout.write(
    `flood (open loop ${floodRate} calls/s = ${(floodRate / Math.max(1, capacityRps)).toFixed(1)}x capacity, ${floodMs / 1000} s, 2 s deadline): ${flood.total} calls; ` +
      `goodput ${goodput} calls/s (${Math.round((100 * goodput) / Math.max(1, capacityRps))} % of capacity); ` +
      `"no healthy upstream" ${flood.noHealthyUpstream}; fewest healthy replicas seen ${minHealthy}\n  ${flood.summary()}\n`,
  );
  process.stdout.write(`peak RSS (MB) replicas ${peak.slice(0, 2).join(", ")}, Envoy ${peak[2]}\n`);

  // 1,000 body-less streams against replica A, directly, on 10 connections.
  const [replicaA] = replicas;
  if (replicaA === undefined) throw new Error("no replica");
  const direct = createClient(RuntimeProbeService, createGrpcTransport({ baseUrl: replicaA.url }));
  const path = `/${RuntimeProbeService.typeName}/${RuntimeProbeService.method.probe.name}`;
  const bodylessStarted = performance.now();
  const bodyless = Promise.all(
    Array.from({ length: 10 }, () =>
      withHttp2Session({ url: replicaA.url }, (session) =>
        Promise.all(
          Array.from({ length: 100 }, () =>
            sendRawGrpcCall(session, path, {
              leaveRequestOpen: true,
              timeoutMs: bodylessDeadlineMs * 4,
            }).then((outcome) => ({
              code: outcome.grpcStatus,
              afterMs: performance.now() - bodylessStarted,
            })),
          ),
        ),
      ),
    ),
  ).then((lists) => lists.flat());
  const normal = new Outcomes();
  const ended = await sampleWhile(bodyless, 50, () => call(direct, normal, 2000));
  const codes = new Map<string, number>();
  for (const { code } of ended) codes.set(String(code), (codes.get(String(code)) ?? 0) + 1);
  const endTimes = ended.map(({ afterMs }) => afterMs);
  process.stdout.write(
    `1,000 body-less streams on replica-a (default deadline ${bodylessDeadlineMs} ms): ended ${JSON.stringify(Object.fromEntries(codes))} ` +
      `between ${percentile(endTimes, 0)} and ${percentile(endTimes, 100)} ms; normal calls meanwhile: ${normal.summary()}\n`,
  );

  for (let second = 0; second <= 30; second += 10) {
    if (second > 0) await new Promise((resolve) => setTimeout(resolve, 10_000));
    const now = await memory();
    process.stdout.write(
      `RSS ${second} s after (MB) replicas ${now.slice(0, 2).join(", ")}, Envoy ${now[2]}\n`,
    );
  }

  // kill -9 of one replica under load through Envoy.
  const [, replicaB] = replicas;
  if (replicaB === undefined) throw new Error("no replica");
  const killLoad = closedLoop(sessions, 32, 8000);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  replicaB.signal("SIGKILL");
  const killed = await killLoad;
  const retryOverflow = /upstream_rq_retry_overflow: (\d+)/.exec(
    await proxy.admin(`/stats?filter=^cluster\\.${cluster}\\.upstream_rq_retry_overflow$`),
  )?.[1];
  process.stdout.write(
    `kill -9 of replica-b under 32 calls in flight: ${killed.total} calls, ${killed.total - killed.count("OK")} failed; ` +
      `retry overflow ${retryOverflow ?? "?"}; ${killed.summary()}\n`,
  );
  for (const session of sessions) session.close();
} finally {
  await envoy?.stop();
  await Promise.all(replicas.map((replica) => replica.stop(0)));
}
