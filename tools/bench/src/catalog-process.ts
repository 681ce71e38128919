import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { workspaceRoot } from "@switchyard/testing";

const running = new Set<() => void>();

// A benchmark that dies without its finally blocks must not leave catalog processes behind.
process.once("exit", () => {
  for (const kill of running) kill();
});

/** Options for {@link startCatalogProcess}. */
export interface CatalogProcessOptions {
  /** Extra environment, e.g. the `OTEL_*` variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the process may take to log "serving". Default 20 000 ms. */
  readonly startTimeoutMs?: number;
}

/** The catalog running as a child process (`apps/catalog/src/main.ts`). */
export interface CatalogProcess {
  /** The port it bound on 127.0.0.1 (it is started with port 0). */
  readonly port: number;
  /** SIGTERM (drain), then SIGKILL after `graceMs` (default 3000); resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `apps/catalog/src/main.ts` as production runs it, on 127.0.0.1 port 0, and resolves
 * once it logs "serving" (written after its health service reports SERVING); the bound port
 * is read from that line. Later log lines are drained unread so they cost the benchmark
 * process nothing. Rejects, with the process stopped, when it exits first or is too slow.
 */
export async function startCatalogProcess(options: CatalogProcessOptions = {}): Promise<CatalogProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/catalog/src/main.ts"], {
    cwd: workspaceRoot,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      STOCK_SIMULATION_MS: "0",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail: string[] = [];
  let onServing: ((url: string) => void) | undefined;
  const serving = new Promise<string>((resolve) => {
    onServing = resolve;
  });
  const lines = createInterface({ input: child.stdout });
  lines.on("line", (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    if (!line.includes('"serving"')) return;
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed["msg"] === "serving" && typeof parsed["url"] === "string") onServing?.(parsed["url"]);
    } catch {
      // Not a log line; kept in the tail for the error message.
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 40) tail.shift();
  });
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
  const stop = async (graceMs = 3000): Promise<void> => {
    if (ended) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => {
      if (!ended) child.kill("SIGKILL");
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
    throw new Error(`catalog ${outcome.failed}; last output:\n${tail.join("\n")}`);
  }
  // From here on the per-call log lines are read and dropped, never parsed.
  lines.close();
  child.stdout.resume();
  return { port: Number(new URL(outcome.url).port), stop };
}
