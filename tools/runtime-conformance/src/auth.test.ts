import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { startDevIssuer, type DevIssuer, type TokenClaims } from "@switchyard/dev-issuer";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { ErrorInfoSchema } from "@switchyard/proto/google/rpc/error_details";
import { StatusSchema } from "@switchyard/proto/google/rpc/status";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import { LoadBalancerProbe } from "@switchyard/proto/switchyard/health/v1/load_balancer_probe";
import {
  ProbeRequestSchema,
  RuntimeProbeService,
} from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import {
  ensureDevCertificate,
  frontProxyListenerName,
  frontProxyTlsListenerName,
  renderFrontProxyConfig,
  type DevCertificate,
} from "@switchyard/envoy-config";
import { startEnvoy, waitForHealthyHosts, type EnvoyProcess } from "@switchyard/launcher";
import { runGrpcurl, toolchainPython } from "@switchyard/testing";
import { UnsecuredJWT } from "jose";
import { probeStacks, type StartedProbe } from "./probe/probe-stacks.js";

const audience = "https://probe.switchyard.test";
const probeMethod = "switchyard.testing.v1.RuntimeProbeService/Probe";
const request = { name: "ada", quantity: 1 } as const;

/** Where a client calls: `host:port`, over h2c, or over TLS trusting the CA at `caPath`. */
interface CallTarget {
  readonly address: string;
  readonly caPath?: string;
}

/** One way of calling Probe with an `authorization` header: each answers the call's code and ErrorInfo reason. */
interface ProbeClient {
  readonly name: string;
  call(target: CallTarget, authorization: string | undefined): Promise<string>;
}

const directTarget = ({ service }: StartedProbe): CallTarget => ({ address: `127.0.0.1:${service.port}` });

/** The ErrorInfo reason in a `google.rpc.Status` (a grpc-status-details-bin trailer), or "-". */
function errorInfoReason(details: Uint8Array | undefined): string {
  if (details === undefined || details.byteLength === 0) return "-";
  const info = fromBinary(StatusSchema, details)
    .details.map((detail) => anyUnpack(detail, ErrorInfoSchema))
    .find((unpacked) => unpacked !== undefined);
  return info?.reason ?? "-";
}

const connectClient: ProbeClient = {
  name: "connect",
  async call({ address, caPath }, authorization) {
    const transport = createGrpcTransport({
      baseUrl: `${caPath === undefined ? "http" : "https"}://${address}`,
      ...(caPath === undefined ? {} : { nodeOptions: { ca: readFileSync(caPath) } }),
    });
    const client = createClient(RuntimeProbeService, transport);
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
  async call({ address, caPath }, authorization) {
    const client = createGrpcJsClient(
      RuntimeProbeService,
      address,
      caPath === undefined
        ? grpc.credentials.createInsecure()
        : grpc.credentials.createSsl(readFileSync(caPath)),
    );
    const metadata = new grpc.Metadata();
    if (authorization !== undefined) metadata.set("authorization", authorization);
    try {
      await client.probe(request, { metadata });
      return "OK";
    } catch (reason) {
      const error = reason as grpc.ServiceError;
      const [details] = error.metadata.get("grpc-status-details-bin");
      return `${Code[error.code]} ${errorInfoReason(details instanceof Buffer ? details : undefined)}`;
    } finally {
      client.close();
    }
  },
};

const grpcurlClient: ProbeClient = {
  name: "grpcurl",
  async call({ address, caPath }, authorization) {
    const result = await runGrpcurl(address, [probeMethod], {
      flags: [
        ...(authorization === undefined ? [] : ["-H", `authorization: ${authorization}`]),
        "-d",
        JSON.stringify(request),
      ],
      ...(caPath === undefined ? {} : { caPath }),
    });
    if (result.exitCode === 0) return "OK";
    const code = /Code: (\w+)/.exec(result.stderr)?.[1] ?? `exit ${result.exitCode}`;
    // grpcurl prints codes in CamelCase (Unauthenticated), as connect's Code enum names them.
    return `${code} ${/"reason":\s*"(\w+)"/.exec(result.stderr)?.[1] ?? "-"}`;
  },
};

/** The committed grpcio script that makes one raw unary call (no generated stubs). */
const pythonCallScript = fileURLToPath(new URL("../python/raw_unary_call.py", import.meta.url));

const pythonClient: ProbeClient = {
  name: "python grpcio",
  async call({ address, caPath }, authorization) {
    const { stdout } = await promisify(execFile)(
      toolchainPython,
      [
        pythonCallScript,
        "--target",
        address,
        "--method",
        `/${probeMethod}`,
        "--request-hex",
        Buffer.from(toBinary(ProbeRequestSchema, create(ProbeRequestSchema, request))).toString("hex"),
        ...(authorization === undefined ? [] : ["--authorization", authorization]),
        ...(caPath === undefined ? [] : ["--ca", caPath]),
      ],
      { timeout: 30_000 },
    );
    const answer = JSON.parse(stdout) as { code: string; details: string };
    if (answer.code === "OK") return "OK";
    // grpcio names codes in UPPER_SNAKE (PERMISSION_DENIED): as connect's Code enum, PermissionDenied.
    const code = answer.code
      .toLowerCase()
      .replace(/(^|_)(\w)/g, (_match: string, _separator: string, letter: string) => letter.toUpperCase());
    return `${code} ${errorInfoReason(Buffer.from(answer.details, "base64"))}`;
  },
};

const everyClient = [connectClient, grpcJsClient, grpcurlClient, pythonClient];

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

  /** Refused calls: what, the `authorization` header, and the answer every client must see. */
  const refusalCases = async (): Promise<[string, string | undefined, string][]> => {
    assert.ok(issuer);
    const valid = await bearer();
    const [header, payload, signature = ""] = valid.slice("Bearer ".length).split(".");
    const unsigned = new UnsecuredJWT({ scope: "probe.call" })
      .setIssuer(issuer.issuer)
      .setAudience(audience)
      .setSubject("mallory")
      .setExpirationTime("1h")
      .encode();
    return [
      ["no token", undefined, "Unauthenticated TOKEN_MISSING"],
      ["expired", await bearer({ expiresInSeconds: -120 }), "Unauthenticated TOKEN_EXPIRED"],
      [
        "wrong audience",
        await bearer({ audience: "https://other.test" }),
        "Unauthenticated TOKEN_CLAIM_REJECTED",
      ],
      ["wrong issuer", await bearer({ issuer: "https://evil.test" }), "Unauthenticated TOKEN_CLAIM_REJECTED"],
      [
        "tampered signature",
        `Bearer ${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`,
        "Unauthenticated TOKEN_SIGNATURE_INVALID",
      ],
      ["alg none", `Bearer ${unsigned}`, "Unauthenticated TOKEN_ALGORITHM_REJECTED"],
      ["missing scope", await bearer({ scopes: ["probe.read"] }), "PermissionDenied SCOPE_MISSING"],
    ];
  };

  for (const stack of probeStacks) {
    describe(`on ${stack.name}`, () => {
      let probe: StartedProbe | undefined;
      let envoy: EnvoyProcess | undefined;
      let certificate: DevCertificate | undefined;
      let tlsDir = "";
      before(async () => {
        assert.ok(issuer);
        probe = await stack.start({
          AUTH_ISSUER: issuer.issuer,
          AUTH_AUDIENCE: audience,
          AUTH_JWKS_URL: issuer.jwksUrl.href,
          AUTH_JWKS_CACHE_SECONDS: "1",
        });
        // Envoy in front, as the local platform runs it (h2c and TLS listeners, no jwt_authn):
        // the replica's codes and ErrorInfo must reach every client unchanged.
        tlsDir = await mkdtemp(join(tmpdir(), "switchyard-auth-tls-"));
        certificate = await ensureDevCertificate(tlsDir);
        envoy = await startEnvoy({
          configYaml: renderFrontProxyConfig({
            services: [
              {
                name: "probe",
                grpcServices: [RuntimeProbeService.typeName],
                endpoints: [{ host: "127.0.0.1", port: probe.service.port }],
              },
            ],
            listenerPort: 0,
            adminPort: 0,
            tls: { port: 0, ...certificate },
            accessLog: false,
          }),
        });
        await waitForHealthyHosts(envoy, new Map([["probe", 1]]), 20_000);
      });
      after(async () => {
        await envoy?.stop();
        await probe?.service.forceClose();
        if (tlsDir !== "") await rm(tlsDir, { recursive: true, force: true });
      });

      /** Every way in: the replica itself, Envoy's h2c listener and its TLS listener. */
      const paths = (): [string, CallTarget][] => {
        assert.ok(probe && envoy && certificate);
        return [
          ["direct", directTarget(probe)],
          ["Envoy h2c", { address: `127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}` }],
          [
            "Envoy TLS",
            {
              address: `127.0.0.1:${envoy.listenerPort(frontProxyTlsListenerName)}`,
              caPath: certificate.certificateChainPath,
            },
          ],
        ];
      };

      it("when tokens are missing, expired, for another audience or issuer, tampered, unsigned or short of the scope, then every client on every path gets the same code and reason and no handler runs", async () => {
        assert.ok(probe);
        const cases = await refusalCases();
        const handled = probe.calls.started;
        for (const [path, target] of paths()) {
          for (const client of everyClient) {
            for (const [what, authorization, expected] of cases) {
              assert.equal(
                await client.call(target, authorization),
                expected,
                `${path}, ${client.name}: ${what}`,
              );
            }
          }
        }
        assert.equal(probe.calls.started, handled, "no refused call reached the handler");
      });

      it("when the token is valid, then every client's call runs on every path, and the log line names the subject, never the token", async () => {
        assert.ok(probe);
        const authorization = await bearer({ subject: "alice" });
        for (const [path, target] of paths()) {
          for (const client of everyClient) {
            assert.equal(await client.call(target, authorization), "OK", `${path}, ${client.name}`);
          }
        }
        const lines = probe.logs.lines.filter(
          (line) => line["msg"] === "call" && line["code"] === "OK" && line["method"] === `/${probeMethod}`,
        );
        assert.ok(lines.length >= everyClient.length * 3, `${lines.length} calls logged`);
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
        assert.equal(
          await eventually(() => connectClient.call(directTarget(probe as StartedProbe), rotated), "OK"),
          "OK",
        );
        assert.equal(await connectClient.call(directTarget(probe), old), "OK");
        issuer.retirePreviousKeys();
        // The service's cached key set expires after AUTH_JWKS_CACHE_SECONDS (1 s here).
        const expected = "Unauthenticated TOKEN_KEY_UNKNOWN";
        assert.equal(
          await eventually(() => connectClient.call(directTarget(probe as StartedProbe), old), expected),
          expected,
        );
        assert.equal(await grpcJsClient.call(directTarget(probe), rotated), "OK");
      });
    });
  }
});
