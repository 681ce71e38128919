import assert from "node:assert/strict";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startChildProcess, type ChildProcessHandle } from "@switchyard/launcher";
import { runGrpcurl } from "@switchyard/testing";
import { createWorkspaceCopy, workspaceCopyTimeoutMs, type WorkspaceCopy } from "./testing/workspace-copy.js";

/** The services this test generates: one per stack, each calling a service, the second the first. */
const generated = [
  {
    name: "inventory",
    stack: "grpc-js",
    calls: "catalog",
    grpcService: "switchyard.inventory.v1.InventoryService",
  },
  {
    name: "ledger",
    stack: "connect-node",
    calls: "inventory",
    grpcService: "switchyard.ledger.v1.LedgerService",
  },
] as const;

/** Starts `services` of the copy's topology behind Envoy (health and reflection routed to `front`); resolves with Envoy's port. */
async function launchInCopy(
  copy: WorkspaceCopy,
  front: string,
  services: readonly string[],
  started: ChildProcessHandle[],
): Promise<number> {
  const launch = startChildProcess({
    label: `launch ${services.join(" ")}`,
    command: process.execPath,
    args: ["--import", "tsx", "tools/nx-plugin/src/testing/launch-services.ts", front, ...services],
    cwd: copy.root,
  });
  started.push(launch);
  const line = await launch.waitForLine(/^envoy listening on 127\.0\.0\.1:\d+$/, 90_000);
  return Number(line.split(":").at(-1));
}

describe("nx g @switchyard/nx-plugin:service, in a copy of the workspace", () => {
  let copy: WorkspaceCopy | undefined;
  const started: ChildProcessHandle[] = [];

  before(
    async () => {
      copy = await createWorkspaceCopy();
    },
    { timeout: workspaceCopyTimeoutMs },
  );

  after(
    async () => {
      await Promise.all(started.map((child) => child.stop(3000)));
      await copy?.remove();
    },
    { timeout: workspaceCopyTimeoutMs },
  );

  it(
    "when a grpc-js and a connect-node service are generated, then both pass lint, typecheck and their tests",
    { timeout: workspaceCopyTimeoutMs },
    async () => {
      assert.ok(copy !== undefined, "before() made the copy");
      for (const service of generated) {
        await copy.run("npx", [
          "nx",
          "g",
          "@switchyard/nx-plugin:service",
          service.name,
          "--stack",
          service.stack,
          "--calls",
          service.calls,
        ]);
        for (const path of [
          `apps/${service.name}/src/${service.name}-service.ts`,
          `apps/${service.name}/src/${service.calls}-client.ts`,
          `libs/proto/src/gen/switchyard/${service.name}/v1/${service.name}_service_pb.ts`,
          `deploy/eks/base/${service.name}.yaml`,
        ]) {
          await access(join(copy.root, path));
        }
      }
      const projects = generated.map((service) => `@switchyard/${service.name}`).join(",");
      await copy.run("npx", [
        "nx",
        "run-many",
        "-t",
        "lint",
        "typecheck",
        "test",
        `--projects=${projects}`,
        "--outputStyle=static",
        "--skipNxCache",
      ]);
      await copy.run("npx", ["prettier", "--check", "."]);
    },
  );

  for (const [index, service] of generated.entries()) {
    it(
      `when the platform runs ${service.name} (${service.stack}) behind Envoy, then grpcurl calls it, checks its health and lists it through Envoy`,
      { timeout: workspaceCopyTimeoutMs },
      async () => {
        assert.ok(copy !== undefined, "before() made the copy");
        const services = ["catalog", ...generated.slice(0, index + 1).map((candidate) => candidate.name)];
        const address = `127.0.0.1:${await launchInCopy(copy, service.name, services, started)}`;
        const get = await runGrpcurl(address, [`${service.grpcService}/GetItem`], {
          flags: ["-d", '{"id":"item-1"}'],
        });
        assert.equal(get.exitCode, 0, get.stderr);
        assert.match(get.stdout, /"displayName": "First item"/);
        const health = await runGrpcurl(address, ["grpc.health.v1.Health/Check"], {
          flags: ["-d", JSON.stringify({ service: service.grpcService })],
        });
        assert.equal(health.exitCode, 0, health.stderr);
        assert.match(health.stdout, /"status": "SERVING"/);
        const list = await runGrpcurl(address, ["list"]);
        assert.equal(list.exitCode, 0, list.stderr);
        assert.ok(list.stdout.split("\n").includes(service.grpcService), `listed: ${list.stdout}`);
        await started.pop()?.stop(3000);
      },
    );
  }
});
