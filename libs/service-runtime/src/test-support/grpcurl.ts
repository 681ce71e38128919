import { execFile } from "node:child_process";

/** What a grpcurl run printed and how it exited. */
export interface GrpcurlResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `grpcurl` (installed into `.toolchain/bin` by the toolchain
 * scripts): `grpcurl -plaintext <flags> <address> <args>`; it uses server reflection.
 */
export function runGrpcurl(
  address: string,
  args: readonly string[],
  flags: readonly string[] = [],
): Promise<GrpcurlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      "grpcurl",
      ["-plaintext", "-max-time", "5", ...flags, address, ...args],
      { timeout: 10_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") {
          reject(new Error(`grpcurl did not run: ${error.message}`));
          return;
        }
        resolve({ exitCode: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}
