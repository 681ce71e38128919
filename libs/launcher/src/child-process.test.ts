import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { startChildProcess, type ChildProcessHandle } from "./child-process.js";

/** A node child running `script`. */
function startScript(script: string, logPath?: string): ChildProcessHandle {
  return startChildProcess({
    label: "script",
    command: process.execPath,
    args: ["-e", script],
    ...(logPath === undefined ? {} : { logPath }),
  });
}

describe("startChildProcess", () => {
  const started: ChildProcessHandle[] = [];
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(started.map((child) => child.stop(0)));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("when a line is printed later, then waitForLine resolves with it, and the log file has every line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "switchyard-launcher-"));
    dirs.push(dir);
    const logPath = join(dir, "child.log");
    const child = startScript(
      "console.log('starting'); console.error('a warning'); setTimeout(() => console.log('ready on 1234'), 200); setTimeout(() => {}, 60000);",
      logPath,
    );
    started.push(child);
    assert.equal(await child.waitForLine(/^ready on \d+$/, 20_000), "ready on 1234");
    assert.equal(
      await child.waitForLine((line) => line === "starting", 1000),
      "starting",
      "a line seen before",
    );
    await child.stop();
    assert.deepEqual((await readFile(logPath, "utf8")).trimEnd().split("\n").sort(), [
      "a warning",
      "ready on 1234",
      "starting",
    ]);
  });

  it("when the process exits before the line, then waitForLine rejects with how it ended and its output", async () => {
    const child = startScript("console.log('bad config'); process.exit(3);");
    started.push(child);
    await assert.rejects(
      child.waitForLine(/never/, 20_000),
      /script ended \(exit code 3\) first:\nbad config/,
    );
    assert.equal((await child.exited).code, 3);
    assert.ok(child.hasExited());
  });

  it("when a process ignores SIGTERM, then stop kills it after the grace period", async () => {
    const child = startScript(
      "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('up'); setInterval(() => {}, 1000);",
    );
    started.push(child);
    await child.waitForLine(/^up$/, 20_000);
    await child.stop(300);
    const exit = await child.exited;
    assert.equal(exit.signal, "SIGKILL", exit.description);
    assert.ok(child.lines.includes("ignoring SIGTERM"), child.lines.join("\n"));
  });

  it("when the command does not exist, then exited says it failed to start", async () => {
    const child = startChildProcess({ label: "missing", command: "/nonexistent/switchyard-tool" });
    started.push(child);
    assert.match((await child.exited).description, /^failed to start: .*ENOENT/);
  });
});
