import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { protoFiles, protoRegistry } from "./proto-registry.js";

const protoRoot = join(import.meta.dirname, "../../../proto");

async function listProtoFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".proto"))
    .map((entry) => relative(protoRoot, join(entry.parentPath, entry.name)))
    .sort();
}

describe("proto registry", () => {
  it("when a .proto exists in proto/, then the registry lists its generated file", async () => {
    const onDisk = await listProtoFiles(protoRoot);
    const registered = protoFiles.map((file) => `${file.name}.proto`).sort();
    assert.deepEqual(registered, onDisk);
  });

  it("when a service is looked up by name, then the registry resolves it", () => {
    const health = protoRegistry.getService("grpc.health.v1.Health");
    assert.ok(health !== undefined, "grpc.health.v1.Health is registered");
    assert.deepEqual(
      health.methods.map((method) => method.name),
      ["Check", "List", "Watch"],
    );
  });
});
