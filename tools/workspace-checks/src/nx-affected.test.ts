import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { workspaceRoot } from "@switchyard/testing";

const execFileAsync = promisify(execFile);

/** Projects `nx affected` reports for a change to `files`. */
async function affectedBy(files: readonly string[]): Promise<string[]> {
  const { stdout } = await execFileAsync(
    "npx",
    ["nx", "show", "projects", "--affected", `--files=${files.join(",")}`, "--json"],
    { cwd: workspaceRoot, env: { ...process.env, NX_DAEMON: "false" } },
  );
  return (JSON.parse(stdout) as string[]).sort();
}

describe("nx affected", () => {
  it("when only an app changes, then only that app is affected", async () => {
    assert.deepEqual(await affectedBy(["apps/catalog/src/catalog-service.ts"]), ["@switchyard/catalog"]);
  });

  it("when a lib changes, then the lib and its dependents are affected, not its dependencies", async () => {
    const affected = await affectedBy(["libs/topology/src/platform-services.ts"]);
    assert.ok(affected.includes("@switchyard/topology"));
    assert.ok(affected.includes("@switchyard/envoy-config"), "envoy-config depends on topology");
    assert.ok(affected.includes("@switchyard/catalog"), "catalog's tests depend on topology");
    assert.ok(!affected.includes("@switchyard/proto"), "proto is a dependency, not a dependent");
  });

  it("when the proto lib changes, then everything that imports it is affected", async () => {
    const affected = await affectedBy(["libs/proto/src/proto-registry.ts"]);
    for (const project of ["@switchyard/proto", "@switchyard/topology", "@switchyard/catalog"]) {
      assert.ok(affected.includes(project), `${project} is affected: ${affected.join(", ")}`);
    }
  });
});
