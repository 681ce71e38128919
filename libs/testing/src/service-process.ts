import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { workspaceRoot } from "@switchyard/launcher";

const running = new Set<() => void>();

// A test process that dies without its after() hooks must not leave replicas behind.
process.once("exit", () => {
  for (const kill of running) kill();
});

/** Options for {@link startServiceProcess}. */
export interface ServiceProcessOptions {
  /** The app folder under `apps/`, e.g. "catalog". */
  readonly service: string;
  /** `INSTANCE_ID` of the replica: the value of its `x-served-by` header. */
  readonly instanceId: string;
  /** Extra environment (dependency targets, drain timings). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the replica may take to report "serving". Default 20 000 ms. */
  readonly startTimeoutMs?: number;
  /**
   * Whether log lines after "serving" are parsed and kept in `logLines`. Default true;
   * false drains them unread, so a benchmark's per-call lines cost its process nothing.
   */
  readonly retainLogLines?: boolean;
}

/** One structured log line of a replica (pino JSON). */
export type ServiceLogLine = Readonly<Record<string, unknown>>;

/** A replica of an app running as a child process (`node --import tsx apps/<service>/src/main.ts`). */
export interface ServiceProcess {
  readonly service: string;
  readonly instanceId: string;
  readonly pid: number;
  /** The bound port (the replica listens on 127.0.0.1, port 0). */
  readonly port: number;
  /** Every structured log line written so far, in order. */
  readonly logLines: readonly ServiceLogLine[];
  /** Resolves with how the process ended (e.g. "exit code 0", "signal SIGKILL"). */
  readonly exited: Promise<string>;
  /** Whether the process has ended. */
  hasExited(): boolean;
  /** Sends `signal` (SIGTERM drains, SIGKILL crashes); a no-op once the process has ended. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5000); resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a replica of `apps/<service>` as a child process on 127.0.0.1 port 0, the way
 * production runs it (its own `main.ts`, signals, environment), and resolves once it logs
 * `"serving"`, which the service runtime writes after the health service reports SERVING
 * (for checkout: after its dependencies answered). The bound port is read from that line.
 * Rejects, with the process stopped, when it exits first or does not serve in time.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", `apps/${options.service}/src/main.ts`], {
    cwd: workspaceRoot,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: "0",
      INSTANCE_ID: options.instanceId,
      LOG_LEVEL: "info",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logLines: ServiceLogLine[] = [];
  const rawTail: string[] = [];
  let servingUrl: ((url: string) => void) | undefined;
  const serving = new Promise<string>((resolve) => {
    servingUrl = resolve;
  });
  const onLine = (line: string): void => {
    rawTail.push(line);
    if (rawTail.length > 40) rawTail.shift();
    if (!line.startsWith("{")) return;
    try {
      const parsed = JSON.parse(line) as ServiceLogLine;
      logLines.push(parsed);
      if (parsed["msg"] === "serving" && typeof parsed["url"] === "string") servingUrl?.(parsed["url"]);
    } catch {
      // Not JSON (e.g. a Node warning); kept in rawTail for error messages.
    }
  };
  const lineReaders = [
    createInterface({ input: child.stdout }).on("line", onLine),
    createInterface({ input: child.stderr }).on("line", onLine),
  ];
  let ended = false;
  const killNow = (): void => {
    child.kill("SIGKILL");
  };
  running.add(killNow);
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => {
      ended = true;
      running.delete(killNow);
      resolve(signal === null ? `exit code ${String(code)}` : `signal ${signal}`);
    });
  });
  const signal = (name: NodeJS.Signals): void => {
    if (!ended) child.kill(name);
  };
  const stop = async (graceMs = 5000): Promise<void> => {
    if (ended) return;
    signal("SIGTERM");
    const timer = setTimeout(() => {
      signal("SIGKILL");
    }, graceMs);
    await exited;
    clearTimeout(timer);
  };
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    serving.then((url) => ({ url })),
    exited.then((how) => ({ failed: `exited (${how}) before serving` })),
    new Promise<{ failed: string }>((resolve) => {
      timer = setTimeout(() => {
        resolve({ failed: `did not log "serving" within ${timeoutMs} ms` });
      }, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if ("failed" in outcome) {
    await stop(1000);
    throw new Error(`${options.instanceId} ${outcome.failed}; last output:\n${rawTail.join("\n")}`);
  }
  if (options.retainLogLines === false) {
    for (const reader of lineReaders) reader.close();
    child.stdout.resume();
    child.stderr.resume();
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.instanceId}: no pid`);
  return {
    service: options.service,
    instanceId: options.instanceId,
    pid,
    port: Number(new URL(outcome.url).port),
    logLines,
    exited,
    hasExited: () => ended,
    signal,
    stop,
  };
}
