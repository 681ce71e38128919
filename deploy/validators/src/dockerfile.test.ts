// checkov on the apps' Dockerfile. It runs here, with the other checkov scans, rather than in
// deploy/image: the image builder must not depend on this package, whose tests start the apps
// that the image builder builds (a cycle in the Nx graph makes every app affect every other).
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { imageDirectory } from "@switchyard/deploy-image";
import { describeFindings, runCheckov } from "./checkov.js";

describe("the apps' Dockerfile", () => {
  it("when checkov scans it, then no check fails and every skip says why", async () => {
    const checkov = await runCheckov({
      framework: "dockerfile",
      files: [join(imageDirectory, "Dockerfile")],
    });
    assert.ok(checkov.passed > 5, `checkov ran its Dockerfile checks (${checkov.passed} passed)`);
    assert.equal(checkov.failed.length, 0, describeFindings(checkov.failed));
    for (const skipped of checkov.skipped) {
      assert.ok((skipped.suppressComment ?? "").length > 20, `${skipped.checkId} has a reason`);
    }
  });
});
