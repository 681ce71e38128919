// Runs what the image runs — the bundled app as `node main.mjs` — without Docker:
// the bundle starts, finds its data, answers the gRPC health check the image's
// HEALTHCHECK uses, and drains and exits 0 on SIGTERM.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, it } from "node:test";
import { deployedServices } from "@switchyard/deploy-settings";
import { resolveToolBinary, workspaceRoot } from "@switchyard/launcher";
import { bundleApp } from "./bundle-app.js";

const directories: string[] = [];

/**
 * Runs `grpc-health-probe -addr=<host>` as the image's HEALTHCHECK does; resolves with its
 * exit code and output (0 SERVING, 4 NOT_SERVING), rejecting only when it could not run.
 */
function runHealthProbe(host: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      resolveToolBinary("grpc-health-probe"),
      [`-addr=${host}`],
      { timeout: 10_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") {
          reject(new Error(`grpc-health-probe did not run: ${error.message}\n${stderr}`, { cause: error }));
          return;
        }
        resolve({ exitCode: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}
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

      const child = spawn(process.execPath, ["--enable-source-maps", "main.mjs"], {
        cwd: outDir,
        env: {
          ...process.env,
          PORT: "0",
          HOST: "127.0.0.1",
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
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      let output = "";
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => {
            reject(new Error(`no "serving" log line within 15 s:\n${output}`));
          }, 15_000);
          createInterface({ input: child.stdout }).on("line", (line) => {
            output += `${line}\n`;
            const record = JSON.parse(line) as { msg?: string; url?: string };
            if (record.msg === "serving" && record.url !== undefined) {
              clearTimeout(timer);
              resolve(record.url);
            }
          });
          void exited.then((code) => {
            clearTimeout(timer);
            reject(new Error(`exited with ${code} before serving:\n${output}`));
          });
        });
        const probe = await runHealthProbe(new URL(url).host);
        // Alone, a service with dependencies answers NOT_SERVING (exit 4) until they answer: still
        // the health protocol the image's HEALTHCHECK reads. Every other service is SERVING (exit 0).
        assert.equal(probe.exitCode, service.dependencies.length > 0 ? 4 : 0, probe.stdout + probe.stderr);

        child.kill("SIGTERM");
        const code = await Promise.race([
          exited,
          new Promise<"timeout">((resolve) =>
            setTimeout(() => {
              resolve("timeout");
            }, 10_000).unref(),
          ),
        ]);
        assert.equal(code, 0, `exit after SIGTERM:\n${output}`);
        assert.match(output, /draining/);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited;
      }
    });
  }
});
