import { stackHookTimeoutMs } from "@switchyard/testing";
// The apps' images as ECS, EKS and compose run them, built by the Nx `container`
// targets: their shape (user, health check, exec-form command, contents) and their
// behaviour in a locked-down container (read-only root, no capabilities): serving,
// healthy by their own HEALTHCHECK, draining and exiting 0 on SIGTERM. Prints each
// image's size and start-to-SERVING time. Skipped, with the reason, without a Docker engine.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { containerUserId, deployedServices } from "@switchyard/deploy-settings";
import {
  appImageRepository,
  buildAppImages,
  developmentImageTag,
  dockerExitCode,
  probeDockerEngine,
  resolveBaseImage,
  runDocker,
} from "@switchyard/deploy-image";

const engine = await probeDockerEngine();
const skip = engine.available
  ? false
  : `no Docker engine answers at ${engine.endpoint} (${engine.reason}): image tests skipped ` +
    "(`bash tools/toolchain/docker-engine.sh start`, as root on Linux, starts one)";
if (skip !== false) console.log(`# ${skip}`);

interface ImageConfig {
  User: string;
  Cmd: string[];
  Env: string[];
  Healthcheck?: { Test: string[] };
}

const started: string[] = [];
after(async () => {
  await Promise.all(started.map((id) => runDocker(["rm", "--force", id]).catch(() => undefined)));
});

async function inspectImage(image: string): Promise<{ config: ImageConfig; size: number }> {
  const { stdout } = await runDocker(["image", "inspect", "--format", "{{json .Config}}\t{{.Size}}", image]);
  const [config = "{}", size = "0"] = stdout.trim().split("\t");
  return { config: JSON.parse(config) as ImageConfig, size: Number(size) };
}

/** Runs `command` in a throwaway container of `image` (no network) and returns its output. */
async function runInImage(image: string, command: readonly string[]): Promise<string> {
  const { stdout } = await runDocker([
    "run",
    "--rm",
    "--network",
    "none",
    "--entrypoint",
    "",
    image,
    ...command,
  ]);
  return stdout;
}

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

describe("app images", { skip }, () => {
  before(
    async () => {
      await buildAppImages({
        log: (line) => {
          console.log(`# [images] ${line}`);
        },
      });
    },
    { timeout: stackHookTimeoutMs },
  );

  for (const service of deployedServices()) {
    const image = `${appImageRepository(service.name)}:${developmentImageTag}`;

    it(`when ${image} is inspected, then it runs node in exec form as uid ${containerUserId} with a gRPC health check`, async () => {
      const { config, size } = await inspectImage(image);
      assert.equal(config.User, `${containerUserId}:${containerUserId}`);
      assert.deepEqual(config.Cmd, ["node", "--enable-source-maps", "/app/main.mjs"]);
      assert.ok(config.Env.includes("NODE_ENV=production"));
      assert.ok(config.Env.includes(`PORT=${service.port}`));
      assert.match(
        config.Healthcheck?.Test.join(" ") ?? "",
        /grpc-health-probe -addr=127\.0\.0\.1:\$\{PORT\}/,
      );
      const base = await resolveBaseImage("node", { log: () => undefined });
      const { size: baseSize } = await inspectImage(base.image);
      console.log(
        `# [images] ${image}: ${mebibytes(size)}, of which ${mebibytes(size - baseSize)} above ${base.image}`,
      );
    });

    it(`when ${image}'s files are listed, then there are no sources, no dev dependencies and nothing writable`, async () => {
      // The app and the workspace libs are one bundle; third-party packages may ship their own .ts.
      const sources = await runInImage(image, [
        "find",
        "/app",
        "-path",
        "/app/node_modules",
        "-prune",
        "-o",
        "-name",
        "*.ts",
        "-print",
      ]);
      assert.equal(sources.trim(), "", "the repository's TypeScript sources stay out of the image");
      const modules = await runInImage(image, ["ls", "/app/node_modules"]);
      assert.ok(
        !modules.split("\n").includes("@switchyard"),
        "workspace packages are bundled, not installed",
      );
      for (const dev of ["typescript", "tsx", "esbuild", "eslint", "nx", "testcontainers", "prettier"]) {
        assert.ok(!modules.split("\n").includes(dev), `${dev} is a dev dependency`);
      }
      const writable = await runInImage(image, [
        "find",
        "/app",
        "-writable",
        "-o",
        "-user",
        String(containerUserId),
      ]);
      assert.equal(writable.trim(), "", "the app's files are root's and read-only to it");
    });

    it(`when ${image} runs read-only without capabilities, then it serves, turns healthy and drains on SIGTERM`, async () => {
      const environment = service.dependencies.flatMap((dependency) => [
        "--env",
        // Dependencies at a closed port: checkout then reports NOT_SERVING, which its health check shows.
        `${dependency.variable}=${dependency.form === "urls" ? "http://127.0.0.1:1" : "ipv4:127.0.0.1:1"}`,
      ]);
      const startedAt = performance.now();
      const { stdout } = await runDocker([
        "run",
        "--detach",
        "--read-only",
        "--tmpfs",
        "/tmp",
        "--cap-drop",
        "ALL",
        "--security-opt",
        "no-new-privileges:true",
        "--network",
        "none",
        "--env",
        "DRAIN_DELAY_MS=500",
        "--env",
        "DRAIN_GRACE_MS=500",
        ...environment,
        image,
      ]);
      const id = stdout.trim();
      started.push(id);
      // The image's own probe, run the way Docker's HEALTHCHECK runs it.
      const probe = () =>
        dockerExitCode(["exec", id, "grpc-health-probe", `-addr=127.0.0.1:${service.port}`]);
      const expected = service.dependencies.length > 0 ? 4 : 0;
      const deadline = Date.now() + 60_000;
      let exitCode = await probe();
      while (exitCode !== expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        exitCode = await probe();
      }
      const serving = performance.now() - startedAt;
      assert.equal(
        exitCode,
        expected,
        `grpc-health-probe exit code (4 = NOT_SERVING, for missing dependencies)`,
      );
      console.log(
        `# [images] ${image}: container start to health answer in ${(serving / 1000).toFixed(2)} s`,
      );

      await runDocker(["stop", "--time", "20", id]);
      const { stdout: state } = await runDocker(["inspect", "--format", "{{.State.ExitCode}}", id]);
      const { stdout: logs } = await runDocker(["logs", id]);
      assert.equal(state.trim(), "0", `exit code after SIGTERM:\n${logs}`);
      assert.match(logs, /"msg":"signal received: draining"/, "SIGTERM reached node (exec form)");
    });
  }
});
