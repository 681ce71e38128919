import assert from "node:assert/strict";
import { startConnectTestServer } from "@switchyard/testing";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError, createClient, type Client, type Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import {
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from "@switchyard/proto/grpc/health/v1/health";
import { EchoResponseSchema, EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { ensureDevCertificate, type DevCertificate } from "./dev-certificate.js";
import { renderFrontProxyConfig } from "./front-proxy-config.js";
import {
  frontProxyListenerName,
  frontProxyTlsListenerName,
  type UpstreamService,
} from "./front-proxy-options.js";

const echoServiceName = EchoService.typeName;

/** How a test upstream answers Echo. */
type EchoBehaviour = "echo" | "unavailable-in-trailers" | "unavailable-trailers-only";

interface TestUpstream {
  readonly id: string;
  readonly port: number;
  /** Serving status reported by grpc.health.v1.Health/Check for "". */
  status: ServingStatus;
  /** How late Health/Check answers, as a replica whose event loop a flood saturates does. */
  healthDelayMs: number;
  close(): Promise<void>;
}

/**
 * A replica for the proxy tests: connect-node serving EchoService and a minimal
 * grpc.health.v1.Health, answering `x-served-by: <id>` on every call. Echo "fail:details"
 * fails with FAILED_PRECONDITION and an EchoResponse detail; `behaviour` can make every Echo
 * fail with UNAVAILABLE, in trailers (as connect-node does) or Trailers-Only (as grpc-js does).
 */
async function startTestUpstream(id: string, behaviour: EchoBehaviour = "echo"): Promise<TestUpstream> {
  const upstream = {
    id,
    port: 0,
    status: ServingStatus.SERVING,
    healthDelayMs: 0,
    close: () => Promise.resolve(),
  };
  const server = await startConnectTestServer({
    routes: (router) => {
      router.service(EchoService, {
        async echo(request, context) {
          context.responseHeader.set("x-served-by", id);
          if (behaviour === "unavailable-in-trailers") {
            throw new ConnectError(`${id} is unavailable`, Code.Unavailable);
          }
          if (request.message === "fail:details") {
            throw new ConnectError("precondition failed on purpose", Code.FailedPrecondition, undefined, [
              { desc: EchoResponseSchema, value: { message: "detail from " + id } },
            ]);
          }
          if (request.delayMs > 0) {
            await new Promise((resolve) => setTimeout(resolve, request.delayMs));
          }
          return { message: request.message };
        },
        async *serverStream(request, context) {
          context.responseHeader.set("x-served-by", id);
          for (let index = 0; index < request.count; index++) {
            if (request.intervalMs > 0)
              await new Promise((resolve) => setTimeout(resolve, request.intervalMs));
            yield { message: request.message, index };
          }
          await Promise.resolve();
        },
      });
      router.service(Health, {
        async check(request) {
          if (request.service !== "") throw new ConnectError("unknown service", Code.NotFound);
          if (upstream.healthDelayMs > 0)
            await new Promise((resolve) => setTimeout(resolve, upstream.healthDelayMs));
          return { status: upstream.status };
        },
      });
    },
    intercept: (request, response) => {
      if (behaviour !== "unavailable-trailers-only" || !request.url.startsWith(`/${echoServiceName}/`))
        return false;
      // grpc-js's answer to a call that fails before its first message: status in the headers.
      response.stream.respond(
        {
          ":status": 200,
          "content-type": "application/grpc",
          "grpc-status": String(Code.Unavailable),
          "grpc-message": `${id} is unavailable`,
          "x-served-by": id,
        },
        { endStream: true },
      );
      return true;
    },
  });
  upstream.port = server.port;
  upstream.close = () => server.close();
  return upstream;
}

function echoCluster(name: string, upstreams: readonly TestUpstream[]): UpstreamService {
  return {
    name,
    grpcServices: [echoServiceName],
    endpoints: upstreams.map((upstream) => ({ host: "127.0.0.1", port: upstream.port })),
  };
}

/** Calls Echo and returns the replica that answered (from `x-served-by`). */
async function echoServedBy(client: Client<typeof EchoService>, message = "hello"): Promise<string> {
  const headers: Headers[] = [];
  const response = await client.echo({ message }, { onHeader: (received) => headers.push(received) });
  assert.equal(response.message, message);
  const servedBy = headers[0]?.get("x-served-by");
  assert.ok(typeof servedBy === "string", "the response carries x-served-by");
  return servedBy;
}

function counter(stats: string, name: string): number {
  const match = new RegExp(`^${name.replaceAll(".", "\\.")}: (\\d+)$`, "m").exec(stats);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

interface ClusterHostStatus {
  cluster_statuses?: {
    name: string;
    host_statuses?: {
      address?: { socket_address?: { port_value?: number } };
      health_status?: { eds_health_status?: string; failed_active_health_check?: boolean };
    }[];
  }[];
}

/** Ports of the hosts of `cluster` that Envoy considers healthy right now. */
async function healthyPorts(envoy: EnvoyProcess, cluster: string): Promise<number[]> {
  const status = JSON.parse(await envoy.admin("/clusters?format=json")) as ClusterHostStatus;
  const hosts = status.cluster_statuses?.find((entry) => entry.name === cluster)?.host_statuses ?? [];
  return hosts
    .filter((host) => host.health_status?.failed_active_health_check !== true)
    .map((host) => host.address?.socket_address?.port_value ?? 0);
}

/** Polls `condition` every 50 ms until it holds; fails after `timeoutMs`. Envoy pushes no events. */
async function waitFor(what: string, timeoutMs: number, condition: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

/** The trailer frame (flag 0x80) of a gRPC-Web response body, as text. */
function grpcWebTrailers(body: Uint8Array): string {
  let offset = 0;
  while (offset + 5 <= body.length) {
    const length = new DataView(body.buffer, body.byteOffset + offset + 1, 4).getUint32(0);
    if (((body[offset] ?? 0) & 0x80) !== 0) {
      return new TextDecoder().decode(body.subarray(offset + 5, offset + 5 + length));
    }
    offset += 5 + length;
  }
  return "";
}

const browserOrigin = "http://localhost:5173";

/** A gRPC-Web request body: one uncompressed data frame holding `message`. */
function grpcWebFrame(message: Uint8Array): Uint8Array {
  const frame = new Uint8Array(5 + message.length);
  new DataView(frame.buffer).setUint32(1, message.length);
  frame.set(message, 5);
  return frame;
}

describe("front proxy in front of two replicas", () => {
  let upstreams: TestUpstream[] = [];
  let envoy: EnvoyProcess | undefined;
  let certificate: DevCertificate | undefined;
  let certificatePem = "";
  let certificateDir: string | undefined;
  const running = (): EnvoyProcess => {
    assert.ok(envoy, "before() started Envoy");
    return envoy;
  };
  const plainUrl = () => `http://127.0.0.1:${running().listenerPort(frontProxyListenerName)}`;

  before(async () => {
    certificateDir = await mkdtemp(join(tmpdir(), "switchyard-tls-"));
    certificate = await ensureDevCertificate(join(certificateDir, "dev-tls"));
    certificatePem = await readFile(certificate.certificateChainPath, "utf8");
    upstreams = [await startTestUpstream("replica-a"), await startTestUpstream("replica-b")];
    envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: [
          echoCluster("echo", upstreams),
          // A service whose only replica is down: Envoy answers its calls itself.
          {
            name: "nowhere",
            grpcServices: ["switchyard.catalog.v1.CatalogService"],
            endpoints: [{ host: "127.0.0.1", port: 1 }],
            activeHealthCheck: false,
          },
        ],
        listenerPort: 0,
        adminPort: 0,
        tls: { port: 0, ...certificate },
        accessLog: false,
      }),
    });
  });

  after(async () => {
    await envoy?.stop();
    await Promise.all(upstreams.map((upstream) => upstream.close()));
    if (certificateDir !== undefined) await rm(certificateDir, { recursive: true, force: true });
  });

  const transports: { name: string; transport: () => Transport }[] = [
    { name: "gRPC over h2c", transport: () => createGrpcTransport({ baseUrl: plainUrl() }) },
    {
      name: "gRPC over TLS (ALPN h2)",
      transport: () =>
        createGrpcTransport({
          baseUrl: `https://localhost:${running().listenerPort(frontProxyTlsListenerName)}`,
          nodeOptions: { ca: certificatePem },
        }),
    },
    {
      name: "gRPC-Web over HTTP/1.1",
      transport: () => createGrpcWebTransport({ baseUrl: plainUrl(), httpVersion: "1.1" }),
    },
    {
      name: "Connect (JSON) over HTTP/1.1",
      transport: () => createConnectTransport({ baseUrl: plainUrl(), httpVersion: "1.1" }),
    },
  ];

  for (const { name, transport } of transports) {
    it(`when a unary call goes through Envoy as ${name}, then both replicas answer in turn`, async () => {
      const client = createClient(EchoService, transport());
      const servedBy = new Set<string>();
      for (let call = 0; call < 4; call++) servedBy.add(await echoServedBy(client));
      assert.deepEqual([...servedBy].sort(), ["replica-a", "replica-b"]);
    });

    it(`when a call fails as ${name}, then code, message and details survive the proxy`, async () => {
      const client = createClient(EchoService, transport());
      await assert.rejects(client.echo({ message: "fail:details" }), (error: unknown) => {
        const connectError = ConnectError.from(error);
        assert.equal(connectError.code, Code.FailedPrecondition);
        assert.equal(connectError.rawMessage, "precondition failed on purpose");
        const [detail] = connectError.findDetails(EchoResponseSchema);
        assert.match(detail?.message ?? "", /^detail from replica-[ab]$/);
        return true;
      });
    });
  }

  it("when a server stream goes through Envoy, then every message arrives in order", async () => {
    const client = createClient(EchoService, createGrpcTransport({ baseUrl: plainUrl() }));
    const indexes: number[] = [];
    for await (const response of client.serverStream({ message: "tick", count: 5 }))
      indexes.push(response.index);
    assert.deepEqual(indexes, [0, 1, 2, 3, 4]);
  });

  it("when a stream outlives the client's deadline, then the client sees DEADLINE_EXCEEDED, not a reset", async () => {
    // Envoy enforcing grpc-timeout on a stream whose headers went out could only reset it (INTERNAL).
    const client = createClient(EchoService, createGrpcTransport({ baseUrl: plainUrl() }));
    for (let attempt = 0; attempt < 5; attempt++) {
      let received = 0;
      await assert.rejects(
        (async () => {
          const stream = client.serverStream(
            { message: "tick", count: 100, intervalMs: 20 },
            { timeoutMs: 400 },
          );
          for await (const response of stream) received += response.index >= 0 ? 1 : 0;
        })(),
        (error: unknown) => {
          assert.equal(ConnectError.from(error).code, Code.DeadlineExceeded, String(error));
          return true;
        },
      );
      assert.ok(received > 0, "messages arrived before the deadline");
    }
  });

  it("when the client's deadline is shorter than the call, then Envoy ends it with DEADLINE_EXCEEDED", async () => {
    const client = createClient(EchoService, createGrpcTransport({ baseUrl: plainUrl() }));
    const started = Date.now();
    await assert.rejects(
      client.echo({ message: "slow", delayMs: 3000 }, { timeoutMs: 300 }),
      (error: unknown) => {
        assert.equal(ConnectError.from(error).code, Code.DeadlineExceeded);
        return true;
      },
    );
    assert.ok(Date.now() - started < 2000, "the call ended near its deadline, not when the replica answered");
  });

  it("when a browser sends a CORS preflight, then Envoy allows the gRPC-Web and Connect headers and a bearer token", async () => {
    const response = await fetch(`${plainUrl()}/${echoServiceName}/Echo`, {
      method: "OPTIONS",
      headers: {
        origin: browserOrigin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,authorization,x-grpc-web,x-user-agent,grpc-timeout",
      },
    });
    assert.ok(response.ok, `preflight answered ${response.status}`);
    assert.equal(response.headers.get("access-control-allow-origin"), browserOrigin);
    const allowed = response.headers.get("access-control-allow-headers") ?? "";
    for (const header of [
      "authorization",
      "x-grpc-web",
      "grpc-timeout",
      "connect-protocol-version",
      "connect-timeout-ms",
    ]) {
      assert.ok(allowed.includes(header), `${header} is allowed (got "${allowed}")`);
    }
  });

  it("when an unknown origin sends a preflight, then Envoy does not allow it", async () => {
    const response = await fetch(`${plainUrl()}/${echoServiceName}/Echo`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    assert.equal(response.headers.get("access-control-allow-origin"), null);
  });

  const webCall = async (path: string): Promise<Response> =>
    fetch(`${plainUrl()}${path}`, {
      method: "POST",
      headers: { origin: browserOrigin, "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
      body: grpcWebFrame(new Uint8Array([0x0a, 0x0c, ...new TextEncoder().encode("fail:details")])),
    });

  const assertCorsExposesStatus = (response: Response): void => {
    assert.equal(response.headers.get("access-control-allow-origin"), browserOrigin);
    const exposed = response.headers.get("access-control-expose-headers") ?? "";
    for (const header of ["grpc-status", "grpc-message", "grpc-status-details-bin", "x-served-by"]) {
      assert.ok(exposed.includes(header), `${header} is exposed (got "${exposed}")`);
    }
  };

  it("when a replica answers a gRPC-Web call with an error, then CORS headers are on the response", async () => {
    const response = await webCall(`/${echoServiceName}/Echo`);
    const status =
      response.headers.get("grpc-status") ?? grpcWebTrailers(new Uint8Array(await response.arrayBuffer()));
    assertCorsExposesStatus(response);
    assert.match(status, new RegExp(`(^|grpc-status:)${Code.FailedPrecondition}(\r|$)`, "m"));
  });

  it("when Envoy itself answers a gRPC-Web call (no healthy replica), then CORS headers are on it (envoy#10128)", async () => {
    const response = await webCall("/switchyard.catalog.v1.CatalogService/GetProduct");
    await response.arrayBuffer();
    assertCorsExposesStatus(response);
    assert.equal(response.headers.get("grpc-status"), String(Code.Unavailable));
  });

  it("when a replica reports NOT_SERVING, then Envoy takes it out of rotation", async () => {
    const [replicaA, replicaB] = upstreams;
    assert.ok(replicaA && replicaB);
    replicaA.status = ServingStatus.NOT_SERVING;
    try {
      const tookMs = await waitFor("replica-a to fail its health check", 5000, async () => {
        const healthy = await healthyPorts(running(), "echo");
        return !healthy.includes(replicaA.port);
      });
      assert.ok(tookMs < 4000, `left rotation within the health-check window (took ${tookMs} ms)`);
      const client = createClient(EchoService, createGrpcTransport({ baseUrl: plainUrl() }));
      for (let call = 0; call < 10; call++) assert.equal(await echoServedBy(client), "replica-b");
    } finally {
      replicaA.status = ServingStatus.SERVING;
    }
    await waitFor("replica-a to return", 5000, async () =>
      (await healthyPorts(running(), "echo")).includes(replicaA.port),
    );
  });

  it("when calls went through, then grpc_stats counts them per method", async () => {
    const stats = await running().admin(
      "/stats?filter=grpc\\.switchyard\\.testing\\.v1\\.EchoService\\.Echo",
    );
    assert.ok(counter(stats, "cluster.echo.grpc.switchyard.testing.v1.EchoService.Echo.total") > 0, stats);
  });
});

describe("front proxy retries", () => {
  const started: { stop(): Promise<void> }[] = [];
  after(async () => {
    await Promise.all(started.map((entry) => entry.stop()));
  });

  async function proxy(
    broken: EchoBehaviour,
  ): Promise<{ envoy: EnvoyProcess; client: Client<typeof EchoService> }> {
    const upstreams = [await startTestUpstream("healthy"), await startTestUpstream("broken", broken)];
    started.push(...upstreams.map((upstream) => ({ stop: () => upstream.close() })));
    const envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: [echoCluster("echo", upstreams)],
        listenerPort: 0,
        adminPort: 0,
        accessLog: false,
      }),
    });
    started.push(envoy);
    const baseUrl = `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}`;
    return { envoy, client: createClient(EchoService, createGrpcTransport({ baseUrl })) };
  }

  it("when a replica answers UNAVAILABLE Trailers-Only (grpc-js), then Envoy retries on the other one", async () => {
    const { envoy, client } = await proxy("unavailable-trailers-only");
    for (let call = 0; call < 10; call++) assert.equal(await echoServedBy(client), "healthy");
    const stats = await envoy.admin("/stats?filter=^cluster\\.echo\\.upstream_rq_retry");
    assert.ok(counter(stats, "cluster.echo.upstream_rq_retry") >= 1, `Envoy retried:\n${stats}`);
  });

  it("when a replica answers UNAVAILABLE in trailers (plain connect-node), then Envoy cannot retry it", async () => {
    // The trap the service runtime fixes (envoy-node-grpc-facts.md): Envoy reads grpc-status
    // from response headers only, and connect-node sends headers before a failing call's trailers.
    const { envoy, client } = await proxy("unavailable-in-trailers");
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => echoServedBy(client)));
    const failed = outcomes.filter((outcome) => outcome.status === "rejected");
    assert.ok(failed.length > 0, "calls routed to the broken replica fail");
    for (const outcome of failed) assert.equal(ConnectError.from(outcome.reason).code, Code.Unavailable);
    const stats = await envoy.admin("/stats?filter=^cluster\\.echo\\.upstream_rq_retry$");
    assert.equal(counter(stats, "cluster.echo.upstream_rq_retry"), 0);
  });
});

describe("front proxy health checks under overload", () => {
  const started: { stop(): Promise<void> }[] = [];
  after(async () => {
    await Promise.all(started.map((entry) => entry.stop()));
  });

  it("when every replica answers its health checks too late for a while, then Envoy keeps routing to them; NOT_SERVING still ejects at once", async () => {
    const upstreams = [await startTestUpstream("replica-a"), await startTestUpstream("replica-b")];
    started.push(...upstreams.map((upstream) => ({ stop: () => upstream.close() })));
    const envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: [echoCluster("echo", upstreams)],
        listenerPort: 0,
        adminPort: 0,
        accessLog: false,
      }),
    });
    started.push(envoy);
    const client = createClient(
      EchoService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}` }),
    );
    await waitFor(
      "both replicas healthy",
      10_000,
      async () => (await healthyPorts(envoy, "echo")).length === 2,
    );
    const missed = async (): Promise<number> =>
      counter(
        await envoy.admin("/stats?filter=^cluster\\.echo\\.health_check\\.network_failure$"),
        "cluster.echo.health_check.network_failure",
      );
    // Longer than the health-check timeout: every check times out, as on a saturated event loop.
    for (const upstream of upstreams) upstream.healthDelayMs = 4000;
    try {
      await waitFor("two missed checks per replica", 30_000, async () => (await missed()) >= 4);
      assert.equal((await healthyPorts(envoy, "echo")).length, 2, "no replica ejected for late answers");
      for (let call = 0; call < 4; call++) assert.match(await echoServedBy(client), /^replica-[ab]$/);
    } finally {
      for (const upstream of upstreams) upstream.healthDelayMs = 0;
    }
    const [leaving] = upstreams;
    assert.ok(leaving);
    leaving.status = ServingStatus.NOT_SERVING;
    const tookMs = await waitFor(
      "the NOT_SERVING replica to leave",
      10_000,
      async () => !(await healthyPorts(envoy, "echo")).includes(leaving.port),
    );
    assert.ok(tookMs < 6000, `a NOT_SERVING answer ejects at its first check (took ${tookMs} ms)`);
  });
});
