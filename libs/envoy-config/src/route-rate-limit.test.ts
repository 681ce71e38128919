import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { startConnectTestServer, type ConnectTestServer } from "@switchyard/testing";
import { renderFrontProxyConfig } from "./front-proxy-config.js";
import { frontProxyListenerName } from "./front-proxy-options.js";

const echoPath = `/${EchoService.typeName}/Echo`;

describe("per-route rate limits at the edge", () => {
  let upstream: ConnectTestServer | undefined;
  let envoy: EnvoyProcess | undefined;
  let served = 0;

  before(async () => {
    upstream = await startConnectTestServer({
      routes: (router) =>
        router.service(EchoService, {
          echo(request) {
            served++;
            return { message: request.message };
          },
          async *serverStream(request) {
            for (let index = 0; index < request.count; index++) {
              yield await Promise.resolve({ message: request.message, index });
            }
          },
        }),
    });
    envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: [
          {
            name: "echo",
            grpcServices: [EchoService.typeName],
            endpoints: [{ host: "127.0.0.1", port: upstream.port }],
            activeHealthCheck: false,
          },
        ],
        listenerPort: 0,
        adminPort: 0,
        accessLog: false,
        // Echo's bucket: 5 calls, refilled by 1 a second; every other route keeps the default.
        rateLimit: {
          callsPerSecond: 2000,
          burst: 4000,
          perPath: { [echoPath]: { callsPerSecond: 1, burst: 5 } },
        },
      }),
    });
  });
  after(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("when one method's calls exceed its bucket, then Envoy answers RESOURCE_EXHAUSTED for it alone and the replica never sees those calls", async () => {
    assert.ok(envoy);
    const client = createClient(
      EchoService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}` }),
    );
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.echo({ message: "burst" }, { timeoutMs: 10_000 }).then(
          () => "OK",
          (reason: unknown) => Code[ConnectError.from(reason).code],
        ),
      ),
    );
    const ok = outcomes.filter((outcome) => outcome === "OK").length;
    // The bucket holds 5; a refill may land during the burst on a slow machine.
    assert.ok(ok >= 5 && ok <= 7, `admitted ${ok}: ${outcomes.join(",")}`);
    assert.deepEqual(
      [...new Set(outcomes.filter((outcome) => outcome !== "OK"))],
      ["ResourceExhausted"],
      "every refused call says RESOURCE_EXHAUSTED",
    );
    assert.equal(served, ok, "refused calls never reached the replica");
    // Another route of the same service has its own bucket, untouched by Echo's.
    const indexes: number[] = [];
    for await (const message of client.serverStream({ message: "other", count: 3 }, { timeoutMs: 10_000 })) {
      indexes.push(message.index);
    }
    assert.deepEqual(indexes, [0, 1, 2]);
    const stats = await envoy.admin("/stats?filter=route_rate_limit");
    assert.match(stats, /route_rate_limit\.http_local_rate_limit\.rate_limited: (1[3-5])/, stats);
  });
});
