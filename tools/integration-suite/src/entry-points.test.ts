import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  albCaVariable,
  albEndpointVariable,
  composeEndpointVariable,
  remoteEntryPoints,
  type EntryPoint,
  type EntryPointKind,
} from "./entry-points.js";

function byKind(entries: readonly EntryPoint[], kind: EntryPointKind): EntryPoint {
  const found = entries.find((entry) => entry.kind === kind);
  assert.ok(found, `an entry point of kind ${kind}`);
  return found;
}

const noCa = (path: string): string => assert.fail(`no CA file should be read, asked for ${path}`);

describe("remote entry points", () => {
  it("when no endpoint variable is set, then compose and the ALB skip with a reason naming the variable", () => {
    const entries = remoteEntryPoints({}, noCa);
    const compose = byKind(entries, "compose");
    const alb = byKind(entries, "alb");
    assert.match(compose.skipReason ?? "", new RegExp(`${composeEndpointVariable}.*Docker engine`));
    assert.match(alb.skipReason ?? "", new RegExp(`${albEndpointVariable}=<alb host>:443`));
  });

  it("when the compose endpoint is set, then it runs plaintext through its Envoy, browser protocols included", () => {
    const compose = byKind(
      remoteEntryPoints({ [composeEndpointVariable]: "127.0.0.1:8080" }, noCa),
      "compose",
    );
    assert.equal(compose.skipReason, undefined);
    assert.equal(compose.address("pricing"), "127.0.0.1:8080");
    assert.equal(compose.baseUrl("catalog"), "http://127.0.0.1:8080");
    assert.equal(compose.tls, undefined);
    assert.equal(compose.browserProtocols, true);
    assert.equal(compose.replicaLogs, undefined, "remote replicas' logs are not readable");
  });

  it("when the ALB endpoint is set, then it runs over TLS with the system trust store, gRPC only", () => {
    const alb = byKind(remoteEntryPoints({ [albEndpointVariable]: "grpc.example.com:443" }, noCa), "alb");
    assert.equal(alb.skipReason, undefined);
    assert.equal(alb.baseUrl("checkout"), "https://grpc.example.com:443");
    assert.deepEqual(alb.tls, {});
    assert.equal(alb.browserProtocols, false);
    assert.equal(alb.envoyAdmin, undefined);
  });

  it("when a CA file is given for the ALB, then clients trust it", () => {
    const alb = byKind(
      remoteEntryPoints(
        { [albEndpointVariable]: "grpc.example.com:443", [albCaVariable]: "/tmp/ca.pem" },
        (path) => `PEM of ${path}`,
      ),
      "alb",
    );
    assert.deepEqual(alb.tls, { caPath: "/tmp/ca.pem", caPem: "PEM of /tmp/ca.pem" });
  });
});
