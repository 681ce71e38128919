import { execFile } from "node:child_process";
import { imageHealthProbePath } from "@switchyard/deploy-settings";
import { resolveToolBinary } from "@switchyard/launcher";

/**
 * Runs a container's liveness shell command (as ECS or the kubelet would inside
 * the container) against a local process: the image's probe path becomes the
 * toolchain's grpc-health-probe and `127.0.0.1:<container port>` the process's
 * address. Resolves with the command's exit code.
 */
export function replayLivenessCommand(
  command: string,
  containerPort: number,
  address: string,
): Promise<number> {
  const local = command
    .replaceAll(imageHealthProbePath, resolveToolBinary("grpc-health-probe"))
    .replaceAll(`127.0.0.1:${containerPort}`, address);
  return new Promise((resolve) => {
    execFile("/bin/sh", ["-c", local], { timeout: 15_000 }, (error) => {
      resolve(error === null ? 0 : typeof error.code === "number" ? error.code : 1);
    });
  });
}
