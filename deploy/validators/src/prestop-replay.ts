import { execFile } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";

/** A container's `lifecycle.preStop` as a Kubernetes manifest declares it (the handlers replayed here). */
export interface PreStopHandler {
  readonly exec?: { readonly command: readonly string[] };
  readonly sleep?: { readonly seconds: number };
}

/** Options for {@link replayPreStopHook}. */
export interface ReplayPreStopOptions {
  /** The container's environment, as the kubelet gives it to an exec hook. */
  readonly env?: Readonly<Record<string, string>>;
  /** Text to replace in the exec command, e.g. the container's `127.0.0.1:9901` with a local process's address. */
  readonly replace?: ReadonlyMap<string, string>;
  /** Kill the hook after this long, as the grace period would. Default 60 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs a preStop hook the way the kubelet does before it sends SIGTERM, against
 * local processes: an `exec` handler runs its command with the container's
 * environment (and the addresses rewritten to local ones); a `sleep` handler
 * waits. Resolves with the exit code (0 for a sleep) once the hook has ended.
 */
export async function replayPreStopHook(
  handler: PreStopHandler,
  options: ReplayPreStopOptions = {},
): Promise<number> {
  if (handler.sleep !== undefined) {
    await delay(handler.sleep.seconds * 1000);
    return 0;
  }
  const [file, ...args] = handler.exec?.command ?? [];
  if (file === undefined) throw new Error("preStop has neither an exec command nor a sleep");
  const rewrite = (text: string): string =>
    [...(options.replace ?? new Map<string, string>())].reduce(
      (result, [from, to]) => result.replaceAll(from, to),
      text,
    );
  return new Promise((resolve) => {
    execFile(
      file,
      args.map(rewrite),
      { env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 60_000 },
      (error) => {
        resolve(error === null ? 0 : typeof error.code === "number" ? error.code : 1);
      },
    );
  });
}
