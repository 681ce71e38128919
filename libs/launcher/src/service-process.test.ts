import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startServiceProcess } from "./service-process.js";

describe("startServiceProcess", () => {
  let dir = "";
  let silent = "";
  const saved = process.env["SWITCHYARD_TIMEOUT_SCALE"];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "switchyard-service-process-"));
    silent = join(dir, "never-serves.mjs");
    // Runs, but never logs "serving".
    await writeFile(silent, "setInterval(() => {}, 1000);\n");
  });
  after(async () => {
    if (saved === undefined) delete process.env["SWITCHYARD_TIMEOUT_SCALE"];
    else process.env["SWITCHYARD_TIMEOUT_SCALE"] = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it("when SWITCHYARD_TIMEOUT_SCALE is set, then the start-up bound is the given one times the factor", async () => {
    process.env["SWITCHYARD_TIMEOUT_SCALE"] = "0.5";
    await assert.rejects(
      startServiceProcess({ service: "silent", entry: silent, nodeOptions: [], startTimeoutMs: 400 }),
      /silent did not log "serving" within 200 ms/,
    );
  });
});
