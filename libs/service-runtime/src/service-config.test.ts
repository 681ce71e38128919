import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceConfigError } from "./env-schema.js";
import { loadServiceConfig } from "./service-config.js";

function configError(env: Record<string, string>): ServiceConfigError {
  try {
    loadServiceConfig(env);
  } catch (error) {
    assert.ok(error instanceof ServiceConfigError, `expected a ServiceConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be rejected`);
}

describe("loadServiceConfig", () => {
  it("when the environment is empty, then the documented defaults apply", () => {
    const config = loadServiceConfig({});
    assert.equal(config.port, 50051);
    assert.equal(config.host, "0.0.0.0");
    assert.equal(config.tls, undefined);
    assert.ok(
      config.drainDelayMs + config.drainGraceMs < 30_000,
      "drain fits a 30 s termination grace period",
    );
    assert.ok(config.idleTimeoutMs > 60_000, "idle timeout outlives the ALB's 60 s");
    assert.equal(config.maxReceiveMessageBytes, 4 * 1024 * 1024);
    assert.equal(config.reflection, true);
    assert.equal(config.logLevel, "info");
    assert.match(config.instanceId, /-\d+$/);
  });

  it("when GRPC_REFLECTION is off, then reflection is off; on, it is on", () => {
    assert.equal(loadServiceConfig({ GRPC_REFLECTION: "off" }).reflection, false);
    assert.equal(loadServiceConfig({ GRPC_REFLECTION: "on" }).reflection, true);
  });

  it("when variables are set, then they are typed", () => {
    const config = loadServiceConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      TLS_CERT_FILE: "/tls/cert.pem",
      TLS_KEY_FILE: "/tls/key.pem",
      DRAIN_DELAY_MS: "300",
      MAX_IN_FLIGHT_CALLS: "0",
      LOG_LEVEL: "silent",
      INSTANCE_ID: "catalog-1",
    });
    assert.deepEqual(
      [
        config.port,
        config.host,
        config.tls,
        config.drainDelayMs,
        config.maxInFlightCalls,
        config.logLevel,
        config.instanceId,
      ],
      [0, "127.0.0.1", { certFile: "/tls/cert.pem", keyFile: "/tls/key.pem" }, 300, 0, "silent", "catalog-1"],
    );
  });

  it("when TLS_CLIENT_CA_FILE and TLS_DEPENDENCY_CA_FILE are set, then mutual TLS is configured both ways", () => {
    const config = loadServiceConfig({
      TLS_CERT_FILE: "/tls/cert.pem",
      TLS_KEY_FILE: "/tls/key.pem",
      TLS_CLIENT_CA_FILE: "/tls/ca.pem",
      TLS_DEPENDENCY_CA_FILE: "/tls/dependency-ca.pem",
    });
    assert.deepEqual(config.tls, {
      certFile: "/tls/cert.pem",
      keyFile: "/tls/key.pem",
      clientCaFile: "/tls/ca.pem",
    });
    assert.deepEqual(config.dependencyTls, { caFile: "/tls/dependency-ca.pem" });
    assert.equal(loadServiceConfig({}).dependencyTls, undefined);
  });

  it("when a variable is empty, then it counts as unset", () => {
    assert.equal(loadServiceConfig({ PORT: "" }).port, 50051);
  });

  const badValues: { env: Record<string, string>; variable: string; message: RegExp }[] = [
    { env: { PORT: "http" }, variable: "PORT", message: /PORT: must be a whole number.*\(got "http"\)/ },
    { env: { PORT: "70000" }, variable: "PORT", message: /PORT: must be at most 65535/ },
    { env: { DRAIN_GRACE_MS: "-1" }, variable: "DRAIN_GRACE_MS", message: /DRAIN_GRACE_MS/ },
    { env: { LOG_LEVEL: "loud" }, variable: "LOG_LEVEL", message: /LOG_LEVEL: must be one of fatal/ },
    {
      env: { GRPC_REFLECTION: "false" },
      variable: "GRPC_REFLECTION",
      message: /GRPC_REFLECTION: must be "on" or "off"/,
    },
    {
      env: { TLS_CERT_FILE: "/tls/cert.pem" },
      variable: "TLS_KEY_FILE",
      message: /TLS_KEY_FILE: .*go together/,
    },
    {
      env: { TLS_CLIENT_CA_FILE: "/tls/ca.pem" },
      variable: "TLS_CLIENT_CA_FILE",
      message: /TLS_CLIENT_CA_FILE: needs TLS_CERT_FILE and TLS_KEY_FILE/,
    },
    {
      env: { DEFAULT_DEADLINE_MS: "5000", MAX_DEADLINE_MS: "1000" },
      variable: "DEFAULT_DEADLINE_MS",
      message: /DEFAULT_DEADLINE_MS: must not exceed MAX_DEADLINE_MS/,
    },
  ];
  for (const { env, variable, message } of badValues) {
    it(`when ${JSON.stringify(env)} is given, then start-up fails naming ${variable}`, () => {
      const error = configError(env);
      assert.deepEqual(error.variables, [variable]);
      assert.match(error.message, message);
    });
  }

  it("when several variables are bad, then the error names each of them", () => {
    assert.deepEqual(configError({ PORT: "x", MAX_IN_FLIGHT_CALLS: "many" }).variables, [
      "PORT",
      "MAX_IN_FLIGHT_CALLS",
    ]);
  });
});
