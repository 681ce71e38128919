import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { resolveToolBinary, toolBinaryVariable } from "./tool-binary.js";

describe("resolveToolBinary", () => {
  let dir = "";
  const saved = { PATH: process.env["PATH"], GRPC_FAKE_TOOL_BIN: process.env["GRPC_FAKE_TOOL_BIN"] };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "switchyard-tool-"));
    await writeFile(join(dir, "grpc-fake-tool"), "#!/bin/sh\n");
    await chmod(join(dir, "grpc-fake-tool"), 0o755);
  });
  after(async () => {
    process.env["PATH"] = saved.PATH;
    delete process.env["GRPC_FAKE_TOOL_BIN"];
    await rm(dir, { recursive: true, force: true });
  });

  it("when a tool is on PATH, then that one is used", () => {
    process.env["PATH"] = `${dir}:${saved.PATH ?? ""}`;
    assert.equal(resolveToolBinary("grpc-fake-tool"), join(dir, "grpc-fake-tool"));
  });

  it("when its variable names a file, then that file is used, and a missing one is an error naming it", () => {
    assert.equal(toolBinaryVariable("grpc-fake-tool"), "GRPC_FAKE_TOOL_BIN");
    process.env["GRPC_FAKE_TOOL_BIN"] = join(dir, "grpc-fake-tool");
    assert.equal(resolveToolBinary("grpc-fake-tool"), join(dir, "grpc-fake-tool"));
    process.env["GRPC_FAKE_TOOL_BIN"] = join(dir, "missing");
    assert.throws(
      () => resolveToolBinary("grpc-fake-tool"),
      /GRPC_FAKE_TOOL_BIN=.*missing is not an executable/,
    );
    delete process.env["GRPC_FAKE_TOOL_BIN"];
  });

  it("when a tool is nowhere, then the error says how to install it", () => {
    process.env["PATH"] = dir;
    assert.throws(() => resolveToolBinary("grpc-absent-tool"), /ensure\.sh.*GRPC_ABSENT_TOOL_BIN/);
  });
});
