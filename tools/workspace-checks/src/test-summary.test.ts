// The closing line of `npm test` (tools/ci/test-all.sh) agrees with its exit status: node's
// test runner, run with the same flags on fixtures with a test that hangs, a before() that
// fails and a file that leaves a timer running.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { workspaceRoot } from "@switchyard/launcher";

const execFileAsync = promisify(execFile);
const summaryScript = join(workspaceRoot, "tools", "ci", "tap-summary.sh");

const fixture = `
import { before, describe, it } from "node:test";
describe("hangs", () => {
  it("when it never settles, then the timeout ends it", () => new Promise(() => {}));
  it("passes", () => {});
  it.skip("is skipped", () => {});
});
describe("broken set-up", () => {
  before(() => { throw new Error("set-up failed"); });
  it("never runs", () => {});
});
`;

describe("tap-summary.sh", () => {
  let dir = "";
  let spec = "";
  let summary = "";
  let exitCode = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "switchyard-tap-"));
    await writeFile(join(dir, "fixture.test.mjs"), fixture);
    // A file whose test passes but leaves a timer running: without --test-force-exit it never ends.
    await writeFile(
      join(dir, "leaky.test.mjs"),
      'import { it } from "node:test";\nit("leaves a timer", () => { setInterval(() => {}, 1000); });\n',
    );
    const tap = join(dir, "report.tap");
    const run = await execFileAsync(
      process.execPath,
      [
        "--test",
        "--test-timeout=500",
        "--test-force-exit",
        "--test-reporter=spec",
        "--test-reporter-destination=stdout",
        "--test-reporter=tap",
        `--test-reporter-destination=${tap}`,
        "fixture.test.mjs",
        "leaky.test.mjs",
      ],
      // Without the variable that makes a nested runner report to this one instead.
      { cwd: dir, env: { ...process.env, NODE_TEST_CONTEXT: undefined }, timeout: 60_000 },
    ).then(
      ({ stdout }) => ({ stdout, code: 0 }),
      (error: unknown) => {
        const failed = error as { stdout?: string; code?: number };
        return { stdout: failed.stdout ?? "", code: failed.code ?? -1 };
      },
    );
    spec = run.stdout;
    exitCode = run.code;
    summary = (await execFileAsync("bash", [summaryScript, tap])).stdout.trim();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("when a test never settles, then the run fails and names it with the timeout", () => {
    assert.equal(exitCode, 1);
    assert.match(spec, /leaves a timer/, "the file that left a timer ended too");
    assert.match(spec, /when it never settles, then the timeout ends it[\s\S]*test timed out after 500ms/);
  });

  it("when tests are cancelled (timed out, failed before()), then the closing line counts them as failed and prints skipped", () => {
    assert.equal(
      summary,
      "tests: 2 passed, 2 failed (2 cancelled: timed out or their hook failed), 1 skipped",
    );
  });
});
