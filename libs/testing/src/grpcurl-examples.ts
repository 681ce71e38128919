import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { resolveToolBinary } from "@switchyard/launcher";

/** One `grpcurl -plaintext -d '<json>' 127.0.0.1:<port> <service>/<Method>` line of a README. */
export interface GrpcurlExample {
  /** The request body as written, JSON (several objects for a request stream). */
  readonly json: string;
  /** The port the README names. */
  readonly port: number;
  /** `package.Service/Method`. */
  readonly method: string;
}

const examplePattern = /^grpcurl -plaintext -d '([^']*)' 127\.0\.0\.1:(\d+) ([\w.]+\/\w+)$/;

/**
 * Reads every grpcurl example of a README (lines of the form
 * `grpcurl -plaintext -d '<json>' 127.0.0.1:<port> <service>/<Method>`), so a
 * test can run exactly what the README tells people to run.
 */
export async function readGrpcurlExamples(readmePath: URL | string): Promise<GrpcurlExample[]> {
  const text = await readFile(readmePath, "utf8");
  return text.split("\n").flatMap((line) => {
    const match = examplePattern.exec(line.trim());
    if (match === null) return [];
    const [, json = "", port = "", method = ""] = match;
    return [{ json, port: Number(port), method }];
  });
}

/** What grpcurl printed and how it ended. */
export interface GrpcurlResult {
  /** grpcurl's exit code (0 when the call succeeded). */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one example against `port` (instead of the README's), with server
 * reflection (no proto files), plus `extraFlags` (e.g. `-max-time 2` for a
 * stream that never ends by itself). Bounded by `timeoutMs` (default 15 s).
 */
export function runGrpcurlExample(
  example: GrpcurlExample,
  port: number,
  options: { readonly extraFlags?: readonly string[]; readonly timeoutMs?: number } = {},
): Promise<GrpcurlResult> {
  const args = [
    "-plaintext",
    ...(options.extraFlags ?? []),
    "-d",
    example.json,
    `127.0.0.1:${port}`,
    example.method,
  ];
  return new Promise((resolve) => {
    execFile(
      resolveToolBinary("grpcurl"),
      args,
      { timeout: options.timeoutMs ?? 15_000 },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}
