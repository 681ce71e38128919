import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { parse } from "yaml";
import { resolveToolBinary, workspaceRoot } from "@switchyard/launcher";
import { platformServices } from "@switchyard/topology";
import { checkedInConfigPath, localDevCertificateDir, renderCheckedInConfig } from "./checked-in-config.js";
import { ensureDevCertificate } from "./dev-certificate.js";
import { edgeClusterName, platformGrpcServices } from "./front-proxy-options.js";

const execFileAsync = promisify(execFile);

interface Bootstrap {
  static_resources: {
    listeners: { name: string; filter_chains: { filters: { typed_config: HttpConnectionManager }[] }[] }[];
    clusters: { name: string; health_checks?: unknown[]; outlier_detection?: unknown }[];
  };
}
interface HttpConnectionManager {
  http_filters: { name: string }[];
}

describe("checked-in envoy/envoy.yaml", () => {
  it("when the topology is rendered, then it equals the checked-in file", async () => {
    const onDisk = await readFile(checkedInConfigPath, "utf8");
    assert.equal(
      onDisk,
      renderCheckedInConfig(platformServices),
      "envoy/envoy.yaml is stale: run `npm run render -w @switchyard/envoy-config`",
    );
  });

  it("when Envoy validates it from the repository root, then Envoy accepts it", async () => {
    // The TLS listener names the dev certificate relative to the root, as `npm start` runs it.
    await ensureDevCertificate(localDevCertificateDir);
    await execFileAsync(
      resolveToolBinary("envoy"),
      ["--mode", "validate", "-c", checkedInConfigPath, "--log-level", "warn"],
      { cwd: workspaceRoot },
    ).catch((cause: unknown) => {
      const output = cause as { stdout?: string; stderr?: string };
      throw new Error(
        `envoy rejected ${checkedInConfigPath}:\n${output.stdout ?? ""}${output.stderr ?? ""}`,
        {
          cause,
        },
      );
    });
  });

  it("when a gRPC service is declared, then the file routes its prefix", async () => {
    const onDisk = await readFile(checkedInConfigPath, "utf8");
    for (const service of platformServices) {
      for (const grpcService of service.grpcServices) {
        assert.match(onDisk, new RegExp(`prefix: /${grpcService.replaceAll(".", "\\.")}/`));
      }
    }
  });

  it("when parsed, then both listeners run grpc_web, cors, local_ratelimit, grpc_stats, router in that order", async () => {
    const bootstrap = parse(await readFile(checkedInConfigPath, "utf8")) as Bootstrap;
    const listeners = bootstrap.static_resources.listeners;
    assert.deepEqual(
      listeners.map((listener) => listener.name),
      ["grpc_plaintext", "grpc_tls"],
    );
    for (const listener of listeners) {
      const manager = listener.filter_chains[0]?.filters[0]?.typed_config;
      assert.deepEqual(
        manager?.http_filters.map((filter) => filter.name),
        [
          "envoy.filters.http.grpc_web",
          "envoy.filters.http.cors",
          "envoy.filters.http.local_ratelimit",
          "envoy.filters.http.grpc_stats",
          "envoy.filters.http.router",
        ],
      );
    }
  });

  it("when parsed, then every cluster is health-checked and has outlier detection", async () => {
    const bootstrap = parse(await readFile(checkedInConfigPath, "utf8")) as Bootstrap;
    const clusters = bootstrap.static_resources.clusters.filter(
      (cluster) => cluster.name !== edgeClusterName,
    );
    assert.deepEqual(
      clusters.map((cluster) => cluster.name),
      platformServices.map((service) => service.name),
    );
    for (const cluster of clusters) {
      assert.equal(cluster.health_checks?.length, 1, `${cluster.name} has an active health check`);
      assert.ok(cluster.outlier_detection, `${cluster.name} has outlier detection`);
    }
  });

  it("when parsed, then health and reflection are routed to the edge server's cluster", async () => {
    const onDisk = await readFile(checkedInConfigPath, "utf8");
    for (const grpcService of platformGrpcServices) {
      const route = new RegExp(
        `prefix: /${grpcService.replaceAll(".", "\\.")}/\\n\\s+grpc: \\{\\}\\n\\s+route:\\n\\s+cluster: ${edgeClusterName}\\n`,
      );
      assert.match(onDisk, route);
    }
  });
});
