// Contract: the envoy-nlb overlay's Envoy, as built by kustomize, terminated the
// way the kubelet terminates it (preStop hook, then SIGTERM) while an NLB replay
// balances live gRPC traffic over two such Envoys. The rendered container args,
// preStop hook and Envoy configuration run as they are; only addresses become
// loopback ones and the drain time is shortened so the test stays short.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { parse, parseAllDocuments, stringify } from "yaml";
import { deployedServices } from "@switchyard/deploy-settings";
import {
  kustomizeBuild,
  replayPreStopHook,
  startNlbReplay,
  startPlatformProcesses,
  type NlbReplay,
  type PlatformProcesses,
  type PreStopHandler,
} from "@switchyard/deploy-validators";
import { startEnvoy, type ProcessExit } from "@switchyard/launcher";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { eksDirectory } from "./checked-in-tree.js";
import { envoyOverlayName } from "./envoy-nlb-overlay.js";

interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
  data?: Record<string, string>;
}
interface EnvoyContainer {
  name: string;
  args: string[];
  env?: { name: string; value: string }[];
  lifecycle: { preStop: PreStopHandler };
}
interface SocketAddress {
  socket_address: { address: string; port_value: number };
}
interface EnvoyBootstrap {
  admin: { address: SocketAddress };
  static_resources: {
    listeners: { name: string; address: SocketAddress }[];
    clusters: {
      name: string;
      type?: string;
      load_assignment: { endpoints: { lb_endpoints: { endpoint: { address: SocketAddress } }[] }[] };
    }[];
  };
}

/** The drain time the test gives Envoy instead of the rendered one (minutes in production). */
const testDrainSeconds = 4;

const services = deployedServices();
let manifests: Manifest[] = [];
let platform: PlatformProcesses | undefined;
const envoys: EnvoyUnderTest[] = [];
let nlb: NlbReplay | undefined;

function one(kind: string, name: string): Manifest {
  const found = manifests.filter(
    (manifest) => manifest.kind === kind && manifest.metadata.name.startsWith(name),
  );
  assert.equal(found.length, 1, `one ${kind}/${name}*`);
  const [manifest] = found;
  assert.ok(manifest);
  return manifest;
}

function envoyPod(): { container: EnvoyContainer; terminationGracePeriodSeconds: number } {
  const deployment = one("Deployment", "envoy") as Manifest & {
    spec: { template: { spec: { containers: EnvoyContainer[]; terminationGracePeriodSeconds: number } } };
  };
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  assert.ok(container);
  return { container, terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds };
}

/** The container's environment, with the drain time replaced by the test's. */
function containerEnvironment(container: EnvoyContainer): Record<string, string> {
  const environment = Object.fromEntries((container.env ?? []).map(({ name, value }) => [name, value]));
  const drainVariable = drainVariableOf(container);
  return drainVariable === undefined
    ? environment
    : { ...environment, [drainVariable]: String(testDrainSeconds) };
}

/** The variable `--drain-time-s` reads (`$(NAME)`), if the args use one. */
function drainVariableOf(container: EnvoyContainer): string | undefined {
  const value = container.args[container.args.indexOf("--drain-time-s") + 1];
  return /^\$\((\w+)\)$/.exec(value ?? "")?.[1];
}

/** The Envoy configuration from the built ConfigMap, its listener, admin and upstreams on loopback. */
function loopbackConfig(): { yaml: string; adminPort: number } {
  const configMap = one("ConfigMap", "envoy-config");
  const bootstrap = parse(configMap.data?.["envoy.yaml"] ?? "") as EnvoyBootstrap;
  const adminPort = bootstrap.admin.address.socket_address.port_value;
  bootstrap.admin.address = { socket_address: { address: "127.0.0.1", port_value: 0 } };
  for (const listener of bootstrap.static_resources.listeners) {
    listener.address.socket_address = { address: "127.0.0.1", port_value: 0 };
  }
  for (const cluster of bootstrap.static_resources.clusters) {
    // The headless Service name becomes the local process of that service.
    assert.ok(platform);
    const url = new URL(platform.get(cluster.name).url);
    cluster.type = "STATIC";
    for (const group of cluster.load_assignment.endpoints) {
      for (const entry of group.lb_endpoints) {
        entry.endpoint.address = { socket_address: { address: "127.0.0.1", port_value: Number(url.port) } };
      }
    }
  }
  return { yaml: stringify(bootstrap), adminPort };
}

/** One Envoy "pod": the rendered container args, run as a local process. */
interface EnvoyUnderTest {
  readonly listenerPort: number;
  readonly adminUrl: string;
  readonly exited: Promise<ProcessExit>;
  stat(name: string): Promise<number>;
  signal(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

async function startEnvoyContainer(container: EnvoyContainer, configYaml: string): Promise<EnvoyUnderTest> {
  const environment = containerEnvironment(container);
  // The kubelet expands $(VAR) in args from the container's environment; the launcher passes
  // its own config file, so the container's `-c <path>` pair is left out.
  const args = container.args
    .map((arg) => arg.replace(/\$\((\w+)\)/g, (_, name: string) => environment[name] ?? ""))
    .filter((arg, index, all) => arg !== "-c" && all[index - 1] !== "-c");
  const envoy = await startEnvoy({ configYaml, args, readyTimeoutMs: 20_000 });
  const [listenerPort] = envoy.listenerPorts.values();
  assert.ok(listenerPort !== undefined, "envoy's listener is bound");
  return {
    listenerPort,
    adminUrl: envoy.adminUrl,
    exited: envoy.process.exited,
    async stat(name) {
      const text = await envoy.admin(`/stats?filter=^${name.replaceAll(".", "\\.")}$`);
      return Number(/: (\d+)/.exec(text)?.[1] ?? Number.NaN);
    },
    signal: (signal) => {
      envoy.process.signal(signal);
    },
    stop: () => envoy.stop(0),
  };
}

/** Bounded gRPC load through the NLB replay: a few HTTP/2 connections, several calls in flight on each. */
function startLoad(port: number): {
  readonly ok: () => number;
  readonly failures: readonly string[];
  untilOk(count: number): Promise<void>;
  stop(): Promise<void>;
} {
  const connections = 4;
  const callsPerConnection = 4;
  const maxCalls = 200_000;
  let ok = 0;
  let issued = 0;
  const stopping = new AbortController();
  const failures: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const loops: Promise<void>[] = [];
  for (let connection = 0; connection < connections; connection++) {
    // One transport is one HTTP/2 connection; on GOAWAY it opens a new one, as gRPC clients do.
    const client = createClient(CatalogService, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
    for (let loop = 0; loop < callsPerConnection; loop++) {
      loops.push(
        (async () => {
          while (!stopping.signal.aborted && issued++ < maxCalls) {
            try {
              await client.listProducts({ pageSize: 3 }, { timeoutMs: 5000 });
              ok++;
              for (const waiter of waiters.filter((candidate) => ok >= candidate.count)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve();
              }
            } catch (error) {
              failures.push(ConnectError.from(error).message);
            }
          }
        })(),
      );
    }
  }
  return {
    ok: () => ok,
    failures,
    untilOk(count) {
      if (ok >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        // Bounded: a platform that stops answering fails the test instead of hanging it.
        const timer = setTimeout(() => {
          reject(new Error(`${ok} of ${count} calls succeeded in 30 s; failures: ${failures.length}`));
        }, 30_000);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async stop() {
      stopping.abort();
      await Promise.all(loops);
    },
  };
}

before(async () => {
  const yaml = await kustomizeBuild(join(eksDirectory, "overlays", envoyOverlayName));
  manifests = parseAllDocuments(yaml).map((document) => document.toJS() as Manifest);
  platform = await startPlatformProcesses(services, { DEPENDENCY_PROBE_INTERVAL_MS: "200" });
});
after(async () => {
  await nlb?.close();
  await Promise.all(envoys.map((envoy) => envoy.stop()));
  await platform?.stop();
});

describe("Envoy behind the NLB (envoy-nlb overlay, built)", () => {
  it("when the drain time is read, then Envoy, the NLB's deregistration delay and the grace period agree", () => {
    const { container, terminationGracePeriodSeconds } = envoyPod();
    const drainVariable = drainVariableOf(container);
    assert.ok(drainVariable !== undefined, `--drain-time-s reads a variable: ${container.args.join(" ")}`);
    const drainSeconds = Number(container.env?.find((variable) => variable.name === drainVariable)?.value);
    assert.ok(drainSeconds > 0, `${drainVariable} is set`);
    assert.ok(
      terminationGracePeriodSeconds > drainSeconds,
      `grace ${terminationGracePeriodSeconds} s outlasts the preStop drain of ${drainSeconds} s`,
    );
    const attributes =
      one("Service", "envoy").metadata.annotations?.[
        "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes"
      ] ?? "";
    const delaySeconds = Number(/deregistration_delay\.timeout_seconds=(\d+)/.exec(attributes)?.[1]);
    assert.ok(delaySeconds >= drainSeconds, `the NLB keeps flows (${delaySeconds} s) while Envoy drains`);
    const bootstrap = parse(one("ConfigMap", "envoy-config").data?.["envoy.yaml"] ?? "") as EnvoyBootstrap;
    assert.equal(
      bootstrap.admin.address.socket_address.address,
      "127.0.0.1",
      "the admin that can drain Envoy answers the pod's own loopback only",
    );
  });

  it("when one Envoy is terminated under load as the kubelet does it, then no call fails", async () => {
    const { container } = envoyPod();
    const { yaml, adminPort } = loopbackConfig();
    envoys.push(await startEnvoyContainer(container, yaml), await startEnvoyContainer(container, yaml));
    const [leaving, staying] = envoys;
    assert.ok(leaving && staying);
    nlb = await startNlbReplay([{ port: leaving.listenerPort }, { port: staying.listenerPort }]);
    const load = startLoad(nlb.port);
    try {
      await load.untilOk(200);
      assert.ok(nlb.connectionsTo({ port: leaving.listenerPort }) > 0, "the leaving Envoy carries traffic");

      // The kubelet runs preStop while the controller deregisters the pod; the NLB
      // applies the deregistration late and keeps the open connections.
      nlb.deregister({ port: leaving.listenerPort }, 500);
      const preStopExit = await replayPreStopHook(container.lifecycle.preStop, {
        env: containerEnvironment(container),
        replace: new Map([[`127.0.0.1/${adminPort}`, `127.0.0.1/${new URL(leaving.adminUrl).port}`]]),
      });
      const openAtSigterm = await leaving.stat("http.ingress_grpc.downstream_cx_active");
      const drainClosed = await leaving.stat("http.ingress_grpc.downstream_cx_drain_close");
      leaving.signal("SIGTERM");
      await leaving.exited;
      const okAtExit = load.ok();
      await load.untilOk(okAtExit + 200);
      await load.stop();

      assert.equal(preStopExit, 0, "the preStop hook started the drain");
      assert.deepEqual(load.failures.slice(0, 5), [], `${load.failures.length} of ${load.ok()} calls failed`);
      assert.equal(openAtSigterm, 0, "no call is in flight on the leaving Envoy when SIGTERM arrives");
      assert.ok(drainClosed > 0, "the leaving Envoy closed its connections gracefully");
    } finally {
      await load.stop();
    }
  });
});
