import { execFile } from "node:child_process";
import { resolveToolBinary } from "./tool-binary.js";

/** What a finished tool run printed and how it exited. */
export interface ToolResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link runTool}. */
export interface RunToolOptions {
  /** Working directory. */
  readonly cwd?: string;
  /** Kill the tool after this long. Default 120 s. */
  readonly timeoutMs?: number;
  /** Environment on top of this process's. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs a toolchain binary ({@link resolveToolBinary}) to completion; resolves with its exit
 * code and output, never rejecting on a non-zero exit (grpcurl, checkov and friends report
 * findings that way). Rejects only when the tool could not run at all.
 */
export function runTool(
  name: string,
  args: readonly string[],
  options: RunToolOptions = {},
): Promise<ToolResult> {
  const binary = resolveToolBinary(name);
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, ...options.env },
      },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") {
          reject(new Error(`${name} did not run: ${error.message}\n${stderr}`, { cause: error }));
          return;
        }
        resolve({ exitCode: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}
