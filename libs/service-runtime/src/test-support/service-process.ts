import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { createInterface } from "node:readline";

/** A probe service running as a child process, with its JSON log lines. */
export interface ServiceProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** `http://127.0.0.1:<port>` from the `serving` log line. */
  readonly url: string;
  /** Every stdout line, parsed, as it arrived. */
  readonly lines: Record<string, unknown>[];
  /** Resolves with the first log line whose `msg` starts with `prefix`. */
  waitForLine(prefix: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Kills the process if it still runs and waits for it. */
  stop(): Promise<void>;
}

const probeMain = new URL("./probe-main.ts", import.meta.url).pathname;

/** Starts `probe-main.ts` on `stack` with `env` and waits until it serves. */
export async function startServiceProcess(
  stack: "connect-node" | "grpc-js",
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", probeMain], {
    env: { ...process.env, PROBE_STACK: stack, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { prefix: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
    (resolve) => {
      child.once("exit", (code, signal) => {
        resolve({ code, signal, at: Date.now() });
      });
    },
  );
  createInterface({ input: child.stdout }).on("line", (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (String(line["msg"]).startsWith(waiter.prefix)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const waitForLine = (prefix: string, timeoutMs = 5000): Promise<Record<string, unknown>> => {
    const seen = lines.find((line) => String(line["msg"]).startsWith(prefix));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no "${prefix}" log line within ${timeoutMs} ms; stderr: ${stderr}`));
      }, timeoutMs);
      waiters.push({
        prefix,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`process exited before "${prefix}"; stderr: ${stderr}`));
      });
    });
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  try {
    const serving = await waitForLine("serving", 15_000);
    return { child, url: String(serving["url"]), lines, waitForLine, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
