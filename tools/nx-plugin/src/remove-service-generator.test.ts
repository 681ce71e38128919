import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { derivedFileCommands } from "./generators/derived-files.js";
import { createWorkspaceCopy, workspaceCopyTimeoutMs, type WorkspaceCopy } from "./testing/workspace-copy.js";

describe("nx g @switchyard/nx-plugin:remove-service, in a copy of the workspace", () => {
  let copy: WorkspaceCopy | undefined;

  before(
    async () => {
      copy = await createWorkspaceCopy();
      // The baseline is what the renderers write today, so the comparison is about the generators
      // alone, even where a checked-in file has drifted from its renderer.
      for (const command of derivedFileCommands) await copy.run("npm", command);
      await copy.commitAll("renders");
    },
    { timeout: workspaceCopyTimeoutMs },
  );

  after(
    async () => {
      await copy?.remove();
    },
    { timeout: workspaceCopyTimeoutMs },
  );

  it(
    "when a generated service is removed again, then the tree is exactly as before it was added",
    { timeout: workspaceCopyTimeoutMs },
    async () => {
      assert.ok(copy !== undefined, "before() made the copy");
      await copy.run("npx", [
        "nx",
        "g",
        "@switchyard/nx-plugin:service",
        "inventory",
        "--stack",
        "grpc-js",
        "--calls",
        "catalog",
      ]);
      const added = await copy.run("git", ["status", "--porcelain"]);
      assert.match(added, /apps\/inventory\//, "the service was added");
      assert.match(added, /libs\/topology\/src\/platform-services\.ts/, "its topology entry was added");
      await copy.run("npx", ["nx", "g", "@switchyard/nx-plugin:remove-service", "inventory"]);
      assert.equal(await copy.run("git", ["status", "--porcelain"]), "", "git status after removal");
    },
  );

  it(
    "when another service still calls the service, then removal is refused naming the caller, and nothing changes",
    { timeout: workspaceCopyTimeoutMs },
    async () => {
      assert.ok(copy !== undefined, "before() made the copy");
      await assert.rejects(
        copy.run("npx", ["nx", "g", "@switchyard/nx-plugin:remove-service", "catalog"]),
        /cannot remove catalog: checkout still calls it/,
      );
      assert.equal(await copy.run("git", ["status", "--porcelain"]), "", "git status after the refusal");
    },
  );
});
