import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { containerUserId } from "@switchyard/deploy-settings";
import { imageDirectory } from "./bundle-app.js";
import { workspaceRoot } from "@switchyard/launcher";
import { pinnedImages } from "./images.js";

const dockerfilePath = join(imageDirectory, "Dockerfile");
let dockerfile = "";

before(async () => {
  dockerfile = await readFile(dockerfilePath, "utf8");
});

function argDefault(name: string): string | undefined {
  return new RegExp(`^ARG ${name}=(\\S+)$`, "m").exec(dockerfile)?.[1];
}

describe("Dockerfile", () => {
  it("when base images are chosen, then they are pinned to exact versions matching the toolchain", async () => {
    const nodeMajor = (await readFile(join(workspaceRoot, ".nvmrc"), "utf8")).trim().replace(/^v/, "");
    assert.match(argDefault("NODE_IMAGE") ?? "", new RegExp(`^node:${nodeMajor}\\.\\d+\\.\\d+-slim$`));
    assert.equal(argDefault("NODE_IMAGE"), pinnedImages.node, "the image builder resolves the same default");
    assert.doesNotMatch(dockerfile, /^# syntax=/m, "no BuildKit frontend to pull: it builds offline");
  });

  it("when the container starts, then node runs in exec form as the unprivileged user with a gRPC health check", () => {
    const lines = dockerfile.split("\n");
    const finalStage = lines.slice(lines.findLastIndex((line) => line.startsWith("FROM ")));
    const cmd = finalStage.filter((line) => line.startsWith("CMD "));
    assert.deepEqual(cmd, ['CMD ["node", "--enable-source-maps", "/app/main.mjs"]']);
    assert.ok(finalStage.includes(`USER ${containerUserId}:${containerUserId}`));
    assert.ok(finalStage.some((line) => line.startsWith("HEALTHCHECK ")));
    assert.match(dockerfile, /grpc-health-probe -addr=127\.0\.0\.1:\$\{PORT\}/);
  });

  it("when the image is assembled, then it copies the staged build and the probe, and runs nothing", () => {
    const instructions = dockerfile.split("\n").filter((line) => /^[A-Z]+ /.test(line));
    assert.deepEqual(
      instructions.filter((line) => line.startsWith("COPY ")),
      ["COPY app/ ./", "COPY grpc-health-probe /usr/local/bin/grpc-health-probe"],
    );
    assert.equal(instructions.filter((line) => line.startsWith("FROM ")).length, 1, "one stage");
    assert.equal(
      instructions.filter((line) => line.startsWith("RUN ")).length,
      0,
      "no network or package step",
    );
  });
});
