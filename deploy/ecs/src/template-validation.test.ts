import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { describeFindings, runCfnLint, runCheckov, type CheckovReport } from "@switchyard/deploy-validators";
import { workspaceRoot } from "@switchyard/launcher";
import { synthesizePlatform } from "./synthesize-platform.js";

// The stacks as `cdk synth` builds them from the topology (clients and their
// Service Connect rules included), the access log bucket and edge security stacks for EKS, and
// the storefront's.
let dir = "";
let files: string[] = [];
let checkov: CheckovReport | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchyard-cfn-"));
  const { template, accessLogTemplate, eksEdgeTemplate, storefrontTemplate } = synthesizePlatform();
  const templates = {
    "switchyard.template.json": template,
    "switchyard-alb-logs.template.json": accessLogTemplate,
    "switchyard-eks-edge.template.json": eksEdgeTemplate,
    "switchyard-storefront.template.json": storefrontTemplate,
  };
  files = Object.keys(templates).map((name) => join(dir, name));
  for (const [name, content] of Object.entries(templates)) {
    await writeFile(join(dir, name), JSON.stringify(content, null, 2));
  }
  // checkov takes seconds: run it once.
  checkov = await runCheckov({ framework: "cloudformation", files });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("synthesized CloudFormation", () => {
  it("when cfn-lint checks the templates, then it finds no error or warning", async () => {
    await runCfnLint(files);
  });

  it("when checkov scans the templates, then no check fails", () => {
    assert.ok(checkov);
    assert.ok(checkov.passed > 20, `checkov ran its CloudFormation checks (${checkov.passed} passed)`);
    assert.deepEqual(checkov.parsingErrors, []);
    assert.equal(checkov.failed.length, 0, describeFindings(checkov.failed));
  });

  it("when a checkov check is skipped, then the template says why", () => {
    assert.ok(checkov);
    for (const skipped of checkov.skipped) {
      assert.ok(
        (skipped.suppressComment ?? "").length > 20,
        `${skipped.checkId} on ${skipped.resource} has a reason`,
      );
    }
  });

  it("when the CDK CLI lists the feature flags, then none is left unset", async () => {
    // The CLI synthesizes the app from cdk.json and compares with the flags aws-cdk-lib knows.
    const { stdout } = await promisify(execFile)(
      join(workspaceRoot, "node_modules", ".bin", "cdk"),
      ["flags", "--unstable=flags"],
      {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        timeout: 120_000,
        env: { ...process.env, CI: "true" },
      },
    );
    const unset = stdout.split("\n").filter((line) => /│\s+@[\w-]+\//.test(line));
    assert.ok(stdout.includes("Feature Flag"), stdout);
    assert.deepEqual(unset, [], "set them in deploy/ecs/cdk.json to the recommended values");
  });
});
