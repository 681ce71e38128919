import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ESLint } from "eslint";
import { workspaceRoot } from "@switchyard/launcher";

/** Lints `source` as a real file inside `projectDir` with the workspace's ESLint config. */
async function lintAsFileIn(projectDir: string, source: string): Promise<ESLint.LintResult> {
  const filePath = join(workspaceRoot, projectDir, "src", `boundary-probe-${randomUUID()}.ts`);
  await writeFile(filePath, source);
  try {
    const [result] = await new ESLint({ cwd: workspaceRoot }).lintFiles([filePath]);
    assert.ok(result, "ESLint returned a result");
    return result;
  } finally {
    await rm(filePath, { force: true });
  }
}

const boundaryRule = "@nx/enforce-module-boundaries";

describe("module boundaries", () => {
  it("when a lib imports an app, then lint rejects it", async () => {
    const result = await lintAsFileIn(
      "libs/topology",
      'import { createCatalogService } from "@switchyard/catalog";\nexport const probe = createCatalogService;\n',
    );
    const violations = result.messages.filter((message) => message.ruleId === boundaryRule);
    assert.equal(violations.length, 1, JSON.stringify(result.messages, null, 2));
  });

  it("when the proto lib imports another lib, then lint rejects it", async () => {
    const result = await lintAsFileIn(
      "libs/proto",
      'import { platformServices } from "@switchyard/topology";\nexport const probe = platformServices;\n',
    );
    assert.ok(result.messages.some((message) => message.ruleId === boundaryRule));
  });

  it("when the storefront imports a server-side lib, then lint rejects it", async () => {
    const result = await lintAsFileIn(
      "apps/web",
      'import { platformServices } from "@switchyard/topology";\nexport const probe = platformServices;\n',
    );
    assert.ok(result.messages.some((message) => message.ruleId === boundaryRule));
  });

  it("when an app imports a lib, then lint accepts it", async () => {
    const result = await lintAsFileIn(
      "apps/catalog",
      'import { platformServices } from "@switchyard/topology";\nexport const probe = platformServices;\n',
    );
    assert.deepEqual(
      result.messages.filter((message) => message.ruleId === boundaryRule),
      [],
    );
  });
});
