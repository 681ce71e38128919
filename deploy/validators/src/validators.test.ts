import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCfnLint, runCheckov, validateKubernetesManifests } from "./index.js";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchyard-validators-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("validators", () => {
  it("when a template has an unknown property, then cfn-lint rejects it", async () => {
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({
        Resources: { Topic: { Type: "AWS::SNS::Topic", Properties: { NoSuchProperty: 1 } } },
      }),
    );
    await assert.rejects(runCfnLint([file]), /NoSuchProperty/);
  });

  it("when a manifest has an unknown field, then strict schema validation rejects it", async () => {
    const file = join(dir, "bad.yaml");
    await writeFile(file, "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  portz: []\n");
    await assert.rejects(validateKubernetesManifests([file]), /portz/);
  });

  it("when a security group is open to the world on SSH, then checkov reports it", async () => {
    const file = join(dir, "open.json");
    await writeFile(
      file,
      JSON.stringify({
        Resources: {
          Group: {
            Type: "AWS::EC2::SecurityGroup",
            Properties: {
              GroupDescription: "open",
              SecurityGroupIngress: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIp: "0.0.0.0/0" }],
            },
          },
        },
      }),
    );
    const report = await runCheckov({ framework: "cloudformation", files: [file] });
    assert.ok(
      report.failed.some((finding) => finding.checkId === "CKV_AWS_24"),
      JSON.stringify(report.failed),
    );
  });
});
