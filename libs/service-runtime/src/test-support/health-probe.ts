import { execFile } from "node:child_process";

/**
 * Runs the real `grpc-health-probe` (installed into `.toolchain/bin` by the
 * toolchain scripts) against `address` and resolves with its exit code:
 * 0 SERVING, 2 connection failed, 3 RPC failed, 4 not SERVING.
 */
export function runGrpcHealthProbe(address: string, service = ""): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(
      "grpc-health-probe",
      [`-addr=${address}`, `-service=${service}`, "-connect-timeout=2s", "-rpc-timeout=2s"],
      { timeout: 5000 },
      (error) => {
        if (error === null) {
          resolve(0);
          return;
        }
        if (typeof error.code === "number") resolve(error.code);
        else reject(new Error(`grpc-health-probe did not run: ${error.message}`));
      },
    );
  });
}
