import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { startDevIssuer, type DevIssuer, type TokenClaims } from "@switchyard/dev-issuer";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { fromBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { ErrorInfoSchema } from "@switchyard/proto/google/rpc/error_details";
import { StatusSchema } from "@switchyard/proto/google/rpc/status";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import { LoadBalancerProbe } from "@switchyard/proto/switchyard/health/v1/load_balancer_probe";
import { RuntimeProbeService } from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import { runGrpcurl } from "@switchyard/testing";
import { UnsecuredJWT } from "jose";
import { probeStacks, type StartedProbe } from "./probe/probe-stacks.js";

const audience = "https://probe.switchyard.test";
const probeMethod = "switchyard.testing.v1.RuntimeProbeService/Probe";
const request = { name: "ada", quantity: 1 } as const;

/** One way of calling Probe with an `authorization` header: each answers the call's code and ErrorInfo reason. */
interface ProbeClient {
  readonly name: string;
  call(probe: StartedProbe, authorization: string | undefined): Promise<string>;
}

const connectClient: ProbeClient = {
  name: "connect",
  async call({ service }, authorization) {
    const client = createClient(RuntimeProbeService, createGrpcTransport({ baseUrl: service.url }));
    try {
      await client.probe(request, { headers: authorization === undefined ? {} : { authorization } });
      return "OK";
    } catch (reason) {
      const error = ConnectError.from(reason);
      return `${Code[error.code]} ${error.findDetails(ErrorInfoSchema)[0]?.reason ?? "-"}`;
    }
  },
};

const grpcJsClient: ProbeClient = {
  name: "grpc-js",
  async call({ service }, authorization) {
    const client = createGrpcJsClient(
      RuntimeProbeService,
      service.url.replace(/^http:\/\//, ""),
      grpc.credentials.createInsecure(),
    );
    const metadata = new grpc.Metadata();
    if (authorization !== undefined) metadata.set("authorization", authorization);
    try {
      await client.probe(request, { metadata });
      return "OK";
    } catch (reason) {
      const error = reason as grpc.ServiceError;
      const [details] = error.metadata.get("grpc-status-details-bin");
      const info =
        details instanceof Buffer
          ? fromBinary(StatusSchema, details)
              .details.map((detail) => anyUnpack(detail, ErrorInfoSchema))
              .find((unpacked) => unpacked !== undefined)
          : undefined;
      return `${Code[error.code]} ${info?.reason ?? "-"}`;
    } finally {
      client.close();
    }
  },
};

const grpcurlClient: ProbeClient = {
  name: "grpcurl",
  async call({ service }, authorization) {
    const result = await runGrpcurl(service.url.replace(/^http:\/\//, ""), [probeMethod], {
      flags: [
        ...(authorization === undefined ? [] : ["-H", `authorization: ${authorization}`]),
        "-d",
        JSON.stringify(request),
      ],
    });
    if (result.exitCode === 0) return "OK";
    const code = /Code: (\w+)/.exec(result.stderr)?.[1] ?? `exit ${result.exitCode}`;
    // grpcurl prints codes in CamelCase (Unauthenticated), as connect's Code enum names them.
    return `${code} ${/"reason":\s*"(\w+)"/.exec(result.stderr)?.[1] ?? "-"}`;
  },
};

/** Calls `attempt` until it answers `expected` (at most 15 s, a generous bound for a loaded machine); the last answer. */
async function eventually(attempt: () => Promise<string>, expected: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  let answer = await attempt();
  while (answer !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    answer = await attempt();
  }
  return answer;
}

describe("auth in the service runtime, on both stacks and every client", () => {
  let issuer: DevIssuer | undefined;
  before(async () => {
    issuer = await startDevIssuer({ port: 0, audience, clients: [] });
  });
  after(async () => {
    await issuer?.close();
  });

  const bearer = async (claims: Partial<TokenClaims> = {}) =>
    `Bearer ${await (issuer as DevIssuer).issueToken({ subject: "alice", scopes: ["probe.call"], ...claims })}`;

  for (const stack of probeStacks) {
    describe(`on ${stack.name}`, () => {
      let probe: StartedProbe | undefined;
      before(async () => {
        assert.ok(issuer);
        probe = await stack.start({
          AUTH_ISSUER: issuer.issuer,
          AUTH_AUDIENCE: audience,
          AUTH_JWKS_URL: issuer.jwksUrl.href,
          AUTH_JWKS_CACHE_SECONDS: "1",
        });
      });
      after(async () => {
        await probe?.service.forceClose();
      });

      it("when tokens are missing, expired, for another audience or issuer, tampered, unsigned or short of the scope, then every client gets the same code and reason and no handler runs", async () => {
        assert.ok(probe && issuer);
        const valid = await bearer();
        const [header, payload, signature = ""] = valid.slice("Bearer ".length).split(".");
        const unsigned = new UnsecuredJWT({ scope: "probe.call" })
          .setIssuer(issuer.issuer)
          .setAudience(audience)
          .setSubject("mallory")
          .setExpirationTime("1h")
          .encode();
        const cases: [string, string | undefined, string][] = [
          ["no token", undefined, "Unauthenticated TOKEN_MISSING"],
          ["expired", await bearer({ expiresInSeconds: -120 }), "Unauthenticated TOKEN_EXPIRED"],
          [
            "wrong audience",
            await bearer({ audience: "https://other.test" }),
            "Unauthenticated TOKEN_CLAIM_REJECTED",
          ],
          [
            "wrong issuer",
            await bearer({ issuer: "https://evil.test" }),
            "Unauthenticated TOKEN_CLAIM_REJECTED",
          ],
          [
            "tampered signature",
            `Bearer ${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`,
            "Unauthenticated TOKEN_SIGNATURE_INVALID",
          ],
          ["alg none", `Bearer ${unsigned}`, "Unauthenticated TOKEN_ALGORITHM_REJECTED"],
          ["missing scope", await bearer({ scopes: ["probe.read"] }), "PermissionDenied SCOPE_MISSING"],
        ];
        const handled = probe.calls.started;
        for (const client of [connectClient, grpcJsClient, grpcurlClient]) {
          for (const [what, authorization, expected] of cases) {
            assert.equal(await client.call(probe, authorization), expected, `${client.name}: ${what}`);
          }
        }
        assert.equal(probe.calls.started, handled, "no refused call reached the handler");
      });

      it("when the token is valid, then every client's call runs, and the log line names the subject, never the token", async () => {
        assert.ok(probe);
        const authorization = await bearer({ subject: "alice" });
        for (const client of [connectClient, grpcJsClient, grpcurlClient]) {
          assert.equal(await client.call(probe, authorization), "OK", client.name);
        }
        const lines = probe.logs.lines.filter(
          (line) => line["msg"] === "call" && line["code"] === "OK" && line["method"] === `/${probeMethod}`,
        );
        assert.ok(lines.length >= 3);
        for (const line of lines) assert.equal(line["subject"], "alice");
        assert.ok(!probe.logs.lines.some((line) => JSON.stringify(line).includes(authorization.slice(7))));
      });

      it("when a load balancer probes without a token, then its health check answers as always", async () => {
        assert.ok(probe);
        const client = createClient(LoadBalancerProbe, createGrpcTransport({ baseUrl: probe.service.url }));
        // An ALB's gRPC health check: no token, matcher 0 while SERVING.
        const answer = await client.check({ service: "" }, { timeoutMs: 10_000 });
        assert.ok(answer);
        const health = createClient(Health, createGrpcTransport({ baseUrl: probe.service.url }));
        assert.equal(
          (await health.check({ service: "" }, { timeoutMs: 10_000 })).status,
          HealthCheckResponse_ServingStatus.SERVING,
        );
      });

      it("when a method is public, then it needs no token", async () => {
        assert.ok(probe);
        const client = createClient(RuntimeProbeService, createGrpcTransport({ baseUrl: probe.service.url }));
        let answers = 0;
        for await (const answer of client.probeStream({ count: 2 })) answers = answer.index + 1;
        assert.equal(answers, 2);
      });

      it("when the issuer rotates its key, then both keys pass until the old one leaves the JWKS, then only the new", async () => {
        assert.ok(probe && issuer);
        const old = await bearer();
        await issuer.rotateKey();
        const rotated = await bearer({ subject: "bob" });
        // A key id the service does not know makes it fetch the key set again (at most once
        // per AUTH_JWKS_CACHE_SECONDS here).
        assert.equal(await eventually(() => connectClient.call(probe as StartedProbe, rotated), "OK"), "OK");
        assert.equal(await connectClient.call(probe, old), "OK");
        issuer.retirePreviousKeys();
        // The service's cached key set expires after AUTH_JWKS_CACHE_SECONDS (1 s here).
        const expected = "Unauthenticated TOKEN_KEY_UNKNOWN";
        assert.equal(
          await eventually(() => connectClient.call(probe as StartedProbe, old), expected),
          expected,
        );
        assert.equal(await grpcJsClient.call(probe, rotated), "OK");
      });
    });
  }
});
