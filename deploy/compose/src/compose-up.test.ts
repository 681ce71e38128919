// The compose deployment for real, where a Docker engine answers: build the
// images, `docker compose up`, and call the services through Envoy on
// 127.0.0.1:8080. Elsewhere (CI machines without an engine) the test is skipped
// and says why.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DockerComposeEnvironment, Wait, type StartedDockerComposeEnvironment } from "testcontainers";
import { runTool } from "@switchyard/deploy-validators";
import { repositoryRoot } from "./bundle-app.js";
import { composeDirectory } from "./checked-in-compose.js";
import { composeEnvoyPort, composeReplicas } from "./compose-file.js";
import { probeDockerEngine } from "./docker-engine.js";

const engine = await probeDockerEngine();
const skip = engine.available
  ? false
  : `no Docker engine answers at ${engine.endpoint} (${engine.reason}): docker compose test skipped`;
if (skip !== false) process.stdout.write(`# ${skip}\n`);

let environment: StartedDockerComposeEnvironment | undefined;
after(async () => {
  await environment?.down({ timeout: 60_000 });
});

const target = `127.0.0.1:${composeEnvoyPort}`;

describe("docker compose up", () => {
  it(
    "when the stack is up, then calls through Envoy reach every catalog replica",
    { skip, timeout: 900_000 },
    async () => {
      environment = await new DockerComposeEnvironment(composeDirectory, "compose.yaml")
        .withBuild()
        .withWaitStrategy("envoy-1", Wait.forListeningPorts())
        .withStartupTimeout(600_000)
        .up();

      const health = await runTool("grpc-health-probe", [`-addr=${target}`], { timeoutMs: 20_000 });
      assert.equal(health.exitCode, 0, health.stdout + health.stderr);

      const servedBy = new Set<string>();
      for (let call = 0; call < 20; call++) {
        const result = await runTool(
          "grpcurl",
          [
            "-plaintext",
            "-v",
            "-import-path",
            join(repositoryRoot, "proto"),
            "-proto",
            "switchyard/catalog/v1/catalog_service.proto",
            "-d",
            '{"page_size": 2}',
            target,
            "switchyard.catalog.v1.CatalogService/ListProducts",
          ],
          { timeoutMs: 10_000 },
        );
        assert.equal(result.exitCode, 0, result.stdout + result.stderr);
        const replica = /x-served-by: (\S+)/.exec(result.stdout)?.[1];
        if (replica !== undefined) servedBy.add(replica.split("-").slice(0, 2).join("-"));
      }
      assert.equal(servedBy.size, composeReplicas, `calls were spread over ${[...servedBy].join(", ")}`);
    },
  );
});
