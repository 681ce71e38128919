import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { startChildProcess, type ChildProcessHandle, type ProcessExit } from "./child-process.js";
import { findFreeLoopbackPort } from "./free-port.js";
import { runTool } from "./run-tool.js";
import { scaledTimeoutMs } from "./timeout-scale.js";
import { workspaceRoot } from "./workspace-root.js";

/** Options for {@link startServiceProcess}. */
export interface ServiceProcessOptions {
  /** The app folder under `apps/`, e.g. "catalog". */
  readonly service: string;
  /** `INSTANCE_ID` of the replica: the value of its `x-served-by` header. Default: the service name. */
  readonly instanceId?: string;
  /**
   * The script to run instead of `apps/<service>/src/main.ts` (absolute, or relative to the
   * workspace root), e.g. a test's probe service.
   */
  readonly entry?: string;
  /** The working directory. Default: the workspace root. */
  readonly cwd?: string;
  /**
   * Node's options before the entry. Default `--import tsx` (TypeScript sources); a built
   * bundle runs with `--enable-source-maps` as its image does.
   */
  readonly nodeOptions?: readonly string[];
  /** The port to listen on. Default 0: the replica binds a free one and logs it. */
  readonly port?: number;
  /** Extra environment (dependency targets, drain timings), on top of this process's. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * How long the replica may take to log "serving", before `SWITCHYARD_TIMEOUT_SCALE` multiplies
   * it. Default 60 000 ms: under `--import tsx` a replica serves in 1–2 s on a quiet 2-core
   * machine, and one that exits fails at once, so the bound only catches a hang.
   */
  readonly startTimeoutMs?: number;
  /**
   * Whether output is kept (`logLines` parsed, the process's raw `lines`). Default true;
   * false parses nothing and drops the raw lines once the replica serves, so a benchmark's
   * per-call lines cost its process next to nothing.
   */
  readonly retainLogLines?: boolean;
  /**
   * What says the replica is ready. `"serving-line"` (default): its `"serving"` log line, which
   * also names the bound port. `"health-check"`: its `grpc.health.v1` check answering SERVING
   * (`grpc-health-probe`, polled), for a replica whose `LOG_LEVEL` hides info lines; the port is
   * then `port`, or a free one chosen here.
   */
  readonly readyWhen?: "serving-line" | "health-check";
  /** A file that receives the replica's output as well. */
  readonly logPath?: string;
  /** Run the replica in its own process group (see {@link ChildProcessHandle}). Default false. */
  readonly detached?: boolean;
}

/** One structured log line of a replica (pino JSON). */
export type ServiceLogLine = Readonly<Record<string, unknown>>;

/** A replica of an app running as a child process. */
export interface ServiceProcess {
  readonly service: string;
  readonly instanceId: string;
  readonly pid: number;
  /** The bound port on 127.0.0.1, read from the "serving" line. */
  readonly port: number;
  /** `http://127.0.0.1:<port>`, as the replica logged it. */
  readonly url: string;
  /** Every structured log line written so far, in order. */
  readonly logLines: readonly ServiceLogLine[];
  /** The underlying process (raw output lines, signals). */
  readonly process: ChildProcessHandle;
  /** Resolves once the process has ended. */
  readonly exited: Promise<ProcessExit>;
  /** Whether the process has ended. */
  hasExited(): boolean;
  /** Resolves with the first log line (seen so far or later) whose `msg` starts with `prefix`. */
  waitForLogLine(prefix: string, timeoutMs?: number): Promise<ServiceLogLine>;
  /** Sends `signal` (SIGTERM drains, SIGKILL crashes); a no-op once the process has ended. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5000; 0 kills at once); resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

function parseLogLine(line: string): ServiceLogLine | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as ServiceLogLine;
  } catch {
    // Not JSON (e.g. a Node warning); kept in the raw lines for error messages.
    return undefined;
  }
}

function messageOf(line: string): string | undefined {
  const message = parseLogLine(line)?.["msg"];
  return typeof message === "string" ? message : undefined;
}

/**
 * Starts a replica of `apps/<service>` as a child process on 127.0.0.1, the way production
 * runs it (its own `main.ts`, signals, environment), and resolves once it logs `"serving"`,
 * which the service runtime writes after its health service reports SERVING (for a caller:
 * after its dependencies answered). The bound port is read from that line. Rejects, with
 * the process stopped, when it exits first or does not serve in time (`startTimeoutMs`
 * times `SWITCHYARD_TIMEOUT_SCALE`).
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  return startServiceProcessWithin(options, scaledTimeoutMs(options.startTimeoutMs ?? 60_000));
}

/**
 * {@link startServiceProcess} with `startTimeoutMs` taken as it is (already scaled): for
 * {@link launchPlatform}, which passes what is left of its own bound. Not exported by the lib.
 */
export async function startServiceProcessWithin(
  options: ServiceProcessOptions,
  startTimeoutMs: number,
): Promise<ServiceProcess> {
  const instanceId = options.instanceId ?? options.service;
  const entry = options.entry ?? join("apps", options.service, "src", "main.ts");
  const byHealthCheck = options.readyWhen === "health-check";
  const port =
    byHealthCheck && (options.port ?? 0) === 0 ? await findFreeLoopbackPort() : (options.port ?? 0);
  const child = startChildProcess({
    label: instanceId,
    command: process.execPath,
    args: [...(options.nodeOptions ?? ["--import", "tsx"]), entry],
    cwd: options.cwd ?? workspaceRoot,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      INSTANCE_ID: instanceId,
      LOG_LEVEL: "info",
      ...options.env,
    },
    ...(options.logPath === undefined ? {} : { logPath: options.logPath }),
    ...(options.detached === undefined ? {} : { detached: options.detached }),
  });
  const logLines: ServiceLogLine[] = [];
  if (options.retainLogLines !== false) {
    child.onLine((line) => {
      const parsed = parseLogLine(line);
      if (parsed !== undefined) logLines.push(parsed);
    });
  }
  let url: string;
  try {
    if (byHealthCheck) {
      await waitForHealthCheck(child, port, startTimeoutMs);
      url = `http://127.0.0.1:${port}`;
    } else {
      const serving = await child.waitForLine((line) => messageOf(line) === "serving", startTimeoutMs);
      url = String(parseLogLine(serving)?.["url"]);
    }
  } catch (error) {
    const how = child.hasExited()
      ? `exited (${(await child.exited).description}) before serving`
      : byHealthCheck
        ? `did not answer SERVING to a health check within ${startTimeoutMs} ms`
        : `did not log "serving" within ${startTimeoutMs} ms`;
    await child.stop(1000);
    throw new Error(`${instanceId} ${how}; last output:\n${child.outputTail(40)}`, { cause: error });
  }
  if (options.retainLogLines === false) child.discardOutput();
  return {
    service: options.service,
    instanceId,
    pid: child.pid,
    port: Number(new URL(url).port),
    url,
    logLines,
    process: child,
    exited: child.exited,
    hasExited: () => child.hasExited(),
    async waitForLogLine(prefix, timeoutMs = 5000) {
      const seen = logLines.find((line) => String(line["msg"]).startsWith(prefix));
      if (seen !== undefined) return seen;
      const line = await child.waitForLine((raw) => messageOf(raw)?.startsWith(prefix) ?? false, timeoutMs);
      return parseLogLine(line) ?? {};
    },
    signal: (name) => {
      child.signal(name);
    },
    stop: (graceMs) => child.stop(graceMs),
  };
}

/**
 * Resolves once `grpc-health-probe` gets SERVING from 127.0.0.1:`port`; rejects when the
 * process ends first or after `timeoutMs`. Nothing pushes this signal, so it is polled.
 */
async function waitForHealthCheck(child: ChildProcessHandle, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = await runTool("grpc-health-probe", [
      "-addr",
      `127.0.0.1:${port}`,
      "-connect-timeout",
      "1s",
      "-rpc-timeout",
      "1s",
    ]);
    if (probe.exitCode === 0) return;
    if (child.hasExited()) throw new Error(`${child.label} ended first`);
    if (Date.now() > deadline) throw new Error(`no SERVING within ${timeoutMs} ms: ${probe.stderr.trim()}`);
    await delay(100);
  }
}
