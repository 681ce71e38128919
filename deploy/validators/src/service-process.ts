import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { workspaceRoot } from "@switchyard/launcher";

/** Options for {@link startServiceProcess}. */
export interface StartServiceProcessOptions {
  /** The app folder under `apps/`. */
  readonly app: string;
  /** Environment on top of the current one; PORT defaults to 0, HOST to 127.0.0.1. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the "serving" log line. Default 20 s. */
  readonly readyTimeoutMs?: number;
}

/** A service started by {@link startServiceProcess}. */
export interface ServiceProcess {
  /** `http://127.0.0.1:<port>` as the service logged it. */
  readonly url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends a signal (SIGTERM starts the runtime's drain). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Kills the process if it still runs and waits for it. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `apps/<app>/src/main.ts` as its own process (the way `npm start` and
 * the images run it, never imported) and resolves once it logs `serving`.
 */
export async function startServiceProcess(options: StartServiceProcessOptions): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join("apps", options.app, "src", "main.ts")], {
    cwd: workspaceRoot,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${options.app} did not log "serving" within the timeout:\n${output}`));
      }, options.readyTimeoutMs ?? 20_000);
      createInterface({ input: child.stdout }).on("line", (line) => {
        output += `${line}\n`;
        try {
          const record = JSON.parse(line) as { msg?: string; url?: string };
          if (record.msg === "serving" && record.url !== undefined) {
            clearTimeout(timer);
            resolve(record.url);
          }
        } catch {
          // Not a log record: kept in the output only.
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${options.app} exited with ${code} before serving:\n${output}`));
      });
    });
    return {
      url,
      output: () => output,
      signal: (signal) => child.kill(signal),
      exited,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
