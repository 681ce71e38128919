import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadPlatformConfig } from "./platform-config.js";

describe("platform config", () => {
  it("when nothing is set, then the documented defaults apply", () => {
    const config = loadPlatformConfig({});
    assert.equal(config.replicas, 2);
    assert.deepEqual(
      [config.envoyPort, config.envoyTlsPort, config.envoyAdminPort, config.edgePort],
      [8080, 8443, 9901, 50050],
    );
    assert.equal(config.servicePorts, "topology");
    assert.equal(config.workDir, undefined);
    assert.equal(config.startupTimeoutMs, 30_000);
    assert.equal(config.envoyTraceCollector, undefined);
    assert.deepEqual(config.database, { kind: "local", dataDir: undefined, port: 55432 });
    assert.equal(config.mtls, false);
  });

  it("when PLATFORM_MTLS is on, then mutual TLS is on; another value fails naming it", () => {
    assert.equal(loadPlatformConfig({ PLATFORM_MTLS: "on" }).mtls, true);
    assert.throws(() => loadPlatformConfig({ PLATFORM_MTLS: "yes" }), /PLATFORM_MTLS: must be "on" or "off"/);
  });

  it("when DATABASE_URL is set, then the platform starts no server and passes the URL on", () => {
    const url = "postgres://switchyard:secret@db.internal:5432/switchyard";
    assert.deepEqual(loadPlatformConfig({ DATABASE_URL: url }).database, { kind: "external", url });
    assert.throws(
      () => loadPlatformConfig({ DATABASE_URL: "mysql://db" }),
      /DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });

  it("when ports are ephemeral or a work directory is set, then the local server follows them", () => {
    assert.deepEqual(
      loadPlatformConfig({ SERVICE_PORTS: "ephemeral", PLATFORM_WORK_DIR: "/tmp/p" }).database,
      {
        kind: "local",
        dataDir: "/tmp/p/postgres",
        port: 0,
      },
    );
    assert.deepEqual(loadPlatformConfig({ POSTGRES_DATA_DIR: "/data/pg", POSTGRES_PORT: "6543" }).database, {
      kind: "local",
      dataDir: "/data/pg",
      port: 6543,
    });
  });

  it("when a value is bad, then start-up fails naming each bad variable and what it held", () => {
    assert.throws(
      () => loadPlatformConfig({ REPLICAS: "0", SERVICE_PORTS: "random", ENVOY_PORT: "http" }),
      (error: Error) =>
        /REPLICAS: must be at least 1 \(got "0"\)/.test(error.message) &&
        /SERVICE_PORTS: must be "topology" or "ephemeral" \(got "random"\)/.test(error.message) &&
        /ENVOY_PORT: must be a whole number/.test(error.message),
    );
  });

  it("when an OTLP/gRPC collector is configured, then Envoy traces to it", () => {
    const config = loadPlatformConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4317",
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    });
    assert.deepEqual(config.envoyTraceCollector, { host: "127.0.0.1", port: 4317 });
  });
});
