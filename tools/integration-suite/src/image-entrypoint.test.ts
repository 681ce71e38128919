// Runs what the image runs — the bundled app as `node main.mjs` — without Docker:
// the bundle starts, finds its data, answers the gRPC health check the image's
// HEALTHCHECK uses, and drains and exits 0 on SIGTERM.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { deployedServices } from "@switchyard/deploy-settings";
import { runTool, startServiceProcess, workspaceRoot } from "@switchyard/launcher";
import { bundleApp } from "@switchyard/deploy-image";

const directories: string[] = [];

after(async () => {
  await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })));
});

const apps = deployedServices().filter((service) =>
  existsSync(join(workspaceRoot, "apps", service.name, "src", "main.ts")),
);

describe("image entry point", () => {
  it("when the topology names services, then each has an app to bundle", () => {
    assert.ok(apps.length > 0);
  });

  for (const service of apps) {
    it(`when ${service.name}'s bundle runs, then it serves, reports SERVING and drains on SIGTERM`, async () => {
      const dir = await mkdtemp(join(tmpdir(), `switchyard-image-${service.name}-`));
      directories.push(dir);
      const outDir = join(dir, "app");
      const bundled = await bundleApp({ app: service.name, outDir });
      // The image installs the production dependencies into /app/node_modules; here the workspace's stand in.
      await symlink(join(workspaceRoot, "node_modules"), join(outDir, "node_modules"));
      assert.ok(bundled.externalPackages.length > 0);
      // The image resolves the bundle's imports from /app/node_modules only: each external package
      // must be installed there (hoisted), not nested under a workspace folder with another version.
      const lock = JSON.parse(await readFile(join(workspaceRoot, "package-lock.json"), "utf8")) as {
        packages: Record<string, unknown>;
      };
      for (const name of bundled.externalPackages) {
        assert.ok(lock.packages[`node_modules/${name}`] !== undefined, `${name} is hoisted`);
        const nested = Object.keys(lock.packages).filter(
          (key) => !key.startsWith("node_modules/") && key.endsWith(`/node_modules/${name}`),
        );
        assert.deepEqual(nested, [], `${name} has no workspace-nested copy the bundle would miss`);
      }

      // As the image runs it: `node --enable-source-maps main.mjs` in the bundle's folder.
      const replica = await startServiceProcess({
        service: service.name,
        entry: "main.mjs",
        cwd: outDir,
        nodeOptions: ["--enable-source-maps"],
        env: {
          DRAIN_DELAY_MS: "200",
          DRAIN_GRACE_MS: "200",
          // Dependencies at a closed port, never at defaults another local process might serve.
          ...Object.fromEntries(
            service.dependencies.map((dependency) => [
              dependency.variable,
              dependency.form === "urls" ? "http://127.0.0.1:1" : "ipv4:127.0.0.1:1",
            ]),
          ),
        },
        startTimeoutMs: 15_000,
      });
      try {
        // The image's HEALTHCHECK: `grpc-health-probe -addr=<host>`.
        const probe = await runTool("grpc-health-probe", [`-addr=127.0.0.1:${replica.port}`], {
          timeoutMs: 10_000,
        });
        // Alone, a service with dependencies answers NOT_SERVING (exit 4) until they answer: still
        // the health protocol the image's HEALTHCHECK reads. Every other service is SERVING (exit 0).
        assert.equal(probe.exitCode, service.dependencies.length > 0 ? 4 : 0, probe.stdout + probe.stderr);

        replica.signal("SIGTERM");
        const exit = await Promise.race([
          replica.exited,
          new Promise<"timeout">((resolve) =>
            setTimeout(() => {
              resolve("timeout");
            }, 10_000).unref(),
          ),
        ]);
        const output = replica.process.lines.join("\n");
        assert.equal(exit === "timeout" ? exit : exit.code, 0, `exit after SIGTERM:\n${output}`);
        assert.match(output, /draining/);
      } finally {
        await replica.stop(0);
      }
    });
  }
});
