import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { startDevIssuer, type DevIssuer } from "@switchyard/dev-issuer";
import { startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { RuntimeProbeService } from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import { startConnectTestServer, type ConnectTestServer } from "@switchyard/testing";
import { protectedPaths } from "./edge-jwt.js";
import { renderFrontProxyConfig } from "./front-proxy-config.js";
import { frontProxyListenerName } from "./front-proxy-options.js";

const audience = "https://api.switchyard.test";

describe("Envoy's jwt_authn at the edge, rules from the protos' method policies", () => {
  let issuer: DevIssuer | undefined;
  let upstream: ConnectTestServer | undefined;
  let envoy: EnvoyProcess | undefined;
  const authorizations: (string | null)[] = [];

  before(async () => {
    issuer = await startDevIssuer({ port: 0, audience, clients: [] });
    upstream = await startConnectTestServer({
      routes: (router) =>
        router.service(RuntimeProbeService, {
          probe(request, context) {
            authorizations.push(context.requestHeader.get("authorization"));
            return { name: request.name };
          },
          async *probeStream(request) {
            for (let index = 0; index < request.count; index++) yield await Promise.resolve({ index });
          },
        }),
    });
    envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: [
          {
            name: "probe",
            grpcServices: [RuntimeProbeService.typeName],
            endpoints: [{ host: "127.0.0.1", port: upstream.port }],
            activeHealthCheck: false,
          },
        ],
        listenerPort: 0,
        adminPort: 0,
        accessLog: false,
        jwt: {
          issuer: issuer.issuer,
          audience,
          jwks: { host: "127.0.0.1", port: Number(issuer.jwksUrl.port), path: issuer.jwksUrl.pathname },
        },
      }),
    });
  });
  after(async () => {
    await envoy?.stop();
    await upstream?.close();
    await issuer?.close();
  });

  it("when the protos declare policies, then only the methods that need a token get a rule", () => {
    assert.deepEqual(protectedPaths([RuntimeProbeService.typeName]), [
      "/switchyard.testing.v1.RuntimeProbeService/Probe",
    ]);
  });

  it("when a call needs a token and has none, a tampered one or one for another audience, then Envoy answers UNAUTHENTICATED and no replica sees it", async () => {
    assert.ok(envoy && issuer);
    const client = createClient(
      RuntimeProbeService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}` }),
    );
    const call = (authorization: string | undefined) =>
      client
        .probe(
          { name: "ada", quantity: 1 },
          { headers: authorization === undefined ? {} : { authorization }, timeoutMs: 10_000 },
        )
        .then(
          () => "OK",
          (reason: unknown) => Code[ConnectError.from(reason).code],
        );
    const valid = await issuer.issueToken({ subject: "alice", scopes: ["probe.call"] });
    const tampered = `${valid.slice(0, -4)}${valid.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const elsewhere = await issuer.issueToken({
      subject: "alice",
      scopes: ["probe.call"],
      audience: "https://other.test",
    });
    // jwt_authn fetches the key set asynchronously at start: wait for the first valid call.
    const deadline = Date.now() + 20_000;
    let first = await call(`Bearer ${valid}`);
    while (first !== "OK" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      first = await call(`Bearer ${valid}`);
    }
    assert.equal(first, "OK");
    const seen = authorizations.length;
    assert.equal(await call(undefined), "Unauthenticated");
    assert.equal(await call(`Bearer ${tampered}`), "Unauthenticated");
    assert.equal(await call(`Bearer ${elsewhere}`), "Unauthenticated");
    assert.equal(authorizations.length, seen, "no refused call reached the replica");
    assert.equal(await call(`Bearer ${valid}`), "OK");
    assert.equal(
      authorizations.at(-1),
      `Bearer ${valid}`,
      "the token is forwarded for the service's own check",
    );
  });

  it("when a method is public, then it passes Envoy without a token", async () => {
    assert.ok(envoy);
    const client = createClient(
      RuntimeProbeService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}` }),
    );
    const indexes: number[] = [];
    for await (const message of client.probeStream({ count: 2 }, { timeoutMs: 10_000 }))
      indexes.push(message.index);
    assert.deepEqual(indexes, [0, 1]);
  });
});
