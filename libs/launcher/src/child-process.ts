import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/** Options for {@link startChildProcess}. */
export interface ChildProcessOptions {
  /** Name used in messages, e.g. "catalog-1" or "envoy". */
  readonly label: string;
  readonly command: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** The whole environment of the child. Default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** A file that receives every output line as well (appended), e.g. the platform's per-process logs. */
  readonly logPath?: string;
  /**
   * Run the child in its own process group, so a terminal's Ctrl-C reaches only this process,
   * which then stops its children in order. Default false.
   */
  readonly detached?: boolean;
}

/** How a child process ended. */
export interface ProcessExit {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** `Date.now()` when the exit was seen. */
  readonly at: number;
  /** "exit code 0", "signal SIGKILL" or "failed to start: …", for messages. */
  readonly description: string;
}

/** A line matcher: a pattern, or a predicate over the line. */
export type LineMatcher = RegExp | ((line: string) => boolean);

/** A child process started by {@link startChildProcess}, its output read line by line. */
export interface ChildProcessHandle {
  readonly label: string;
  readonly pid: number;
  /** Every line written to stdout or stderr so far, in order (until {@link discardOutput}). */
  readonly lines: readonly string[];
  /** Resolves once the process has ended. */
  readonly exited: Promise<ProcessExit>;
  /** Whether the process has ended. */
  hasExited(): boolean;
  /** Calls `listener` with every later output line. */
  onLine(listener: (line: string) => void): void;
  /**
   * Resolves with the first line (seen so far or later) that `matcher` accepts; rejects
   * when the process ends first or after `timeoutMs`, with the output's tail in the message.
   */
  waitForLine(matcher: LineMatcher, timeoutMs: number): Promise<string>;
  /** The last `count` output lines, for error messages. */
  outputTail(count?: number): string;
  /** Stops keeping output (a benchmark's per-call log lines); the pipes are still drained. */
  discardOutput(): void;
  /** Sends `signal` (SIGTERM drains a service, SIGKILL crashes it); a no-op once it has ended. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5000; 0 kills at once); resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<() => void>();

// A parent that exits without stopping its children (a test runner that timed out, a crash)
// must not leave them behind.
process.once("exit", () => {
  for (const kill of running) kill();
});

function matches(matcher: LineMatcher, line: string): boolean {
  return typeof matcher === "function" ? matcher(line) : matcher.test(line);
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
}

/**
 * Starts a child process with stdout and stderr read line by line (and copied to
 * `logPath` when given), tracked until it exits and killed if this process exits first.
 * The one way Switchyard's tools start a process they supervise: service replicas, Envoy,
 * the platform itself in its tests.
 *
 * Long by design: a closure-based object; its short methods share the child's state (output, exit, listeners).
 */
export function startChildProcess(options: ChildProcessOptions): ChildProcessHandle {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(options.command, options.args ?? [], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  const log: WriteStream | undefined =
    options.logPath === undefined ? undefined : createWriteStream(options.logPath, { flags: "a" });
  const lines: string[] = [];
  const tail: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let keepLines = true;
  const onLine = (line: string): void => {
    log?.write(`${line}\n`);
    tail.push(line);
    if (tail.length > 60) tail.shift();
    if (keepLines) lines.push(line);
    for (const listener of listeners) listener(line);
  };
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on("line", onLine);

  let ended = false;
  const killNow = (): void => {
    child.kill("SIGKILL");
  };
  running.add(killNow);
  const exited = new Promise<ProcessExit>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null, description: string): void => {
      if (ended) return;
      ended = true;
      running.delete(killNow);
      const exit = { code, signal, at: Date.now(), description };
      if (log === undefined) resolve(exit);
      else
        log.end(() => {
          resolve(exit);
        });
    };
    child.once("error", (error) => {
      done(null, null, `failed to start: ${error.message}`);
    });
    // "close", not "exit": by then stdout and stderr are read to the end, so no line is missed.
    child.once("close", (code, signal) => {
      done(code, signal, describeExit(code, signal));
    });
  });
  const outputTail = (count = 20): string => tail.slice(-count).join("\n");
  const signal = (name: NodeJS.Signals): void => {
    if (!ended) child.kill(name);
  };
  return {
    label: options.label,
    pid: child.pid ?? -1,
    lines,
    exited,
    hasExited: () => ended,
    onLine(listener) {
      listeners.add(listener);
    },
    waitForLine(matcher, timeoutMs) {
      const seen = lines.find((line) => matches(matcher, line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const finish = (): void => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = (line: string): void => {
          if (!matches(matcher, line)) return;
          finish();
          resolve(line);
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `${options.label}: no line matching ${String(matcher)} within ${timeoutMs} ms:\n${outputTail()}`,
            ),
          );
        }, timeoutMs);
        listeners.add(listener);
        void exited.then((how) => {
          if (!listeners.has(listener)) return;
          finish();
          reject(new Error(`${options.label} ended (${how.description}) first:\n${outputTail()}`));
        });
      });
    },
    outputTail,
    discardOutput() {
      keepLines = false;
      lines.length = 0;
    },
    signal,
    async stop(graceMs = 5000) {
      if (ended) return;
      signal(graceMs <= 0 ? "SIGKILL" : "SIGTERM");
      const timer = setTimeout(() => {
        signal("SIGKILL");
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
