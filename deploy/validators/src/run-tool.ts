import { execFile } from "node:child_process";
import { resolveToolBinary } from "@switchyard/launcher";

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
}

/** Runs a toolchain binary to completion; resolves with its exit code and output (never rejects on a non-zero exit). */
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
        // No telemetry, no update checks: the suite runs offline.
        env: { ...process.env, CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: "false", BC_SKIP_MAPPING: "TRUE" },
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
