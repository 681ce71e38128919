import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";

/** Options for {@link startManagedProcess}. */
export interface ManagedProcessOptions {
  /** Label used in messages, e.g. "catalog #1". */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** File that receives the process's stdout and stderr (appended). */
  readonly logPath: string;
}

/** A child process of the platform. */
export interface ManagedProcess {
  readonly label: string;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves when the process has exited, with a description of how. */
  readonly exited: Promise<string>;
  /** Whether the process has exited. */
  hasExited(): boolean;
  /** The last `lines` lines of its log, for error messages. */
  logTail(lines?: number): Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs: number): Promise<void>;
}

const everyChild = new Set<ChildProcess>();

// Children run in their own process group (so a terminal's Ctrl-C reaches the platform only,
// which then stops them in order); if the platform dies without stopping them, kill them here.
process.once("exit", () => {
  for (const child of everyChild)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts a child process whose output goes to a log file, tracked until it exits. */
export function startManagedProcess(options: ManagedProcessOptions): ManagedProcess {
  const log = openSync(options.logPath, "a");
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", log, log],
      detached: true,
    });
  } finally {
    closeSync(log);
  }
  everyChild.add(child);
  let exitedFlag = false;
  const exited = new Promise<string>((resolve) => {
    const done = (how: string): void => {
      exitedFlag = true;
      everyChild.delete(child);
      resolve(how);
    };
    child.once("error", (error) => {
      done(`failed to start: ${error.message}`);
    });
    child.once("exit", (code, signal) => {
      done(signal === null ? `exited with code ${code ?? "?"}` : `killed by ${signal}`);
    });
  });
  const pid = child.pid ?? -1;
  return {
    label: options.label,
    pid,
    logPath: options.logPath,
    exited,
    hasExited: () => exitedFlag,
    async logTail(lines = 15) {
      const text = await readFile(options.logPath, "utf8").catch(() => "");
      return text.trimEnd().split("\n").slice(-lines).join("\n");
    },
    async stop(graceMs) {
      if (exitedFlag) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
