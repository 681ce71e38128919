import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { workspaceRoot } from "./workspace-root.js";

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The environment variable that names a tool's binary explicitly: `ENVOY_BIN` for `envoy`,
 * `GRPC_HEALTH_PROBE_BIN` for `grpc-health-probe`.
 */
export function toolBinaryVariable(name: string): string {
  return `${name.toUpperCase().replaceAll("-", "_")}_BIN`;
}

/**
 * Where a toolchain binary is: the one its variable names ({@link toolBinaryVariable}), then
 * `name` on `PATH`, then the project's own installs made by `tools/toolchain/ensure.sh`
 * (`.toolchain/venv/bin` for Python-packaged tools such as Envoy and checkov,
 * `.toolchain/bin` for Go-built ones such as grpcurl); undefined when there is none.
 * Throws when the variable names something that is not an executable.
 */
export function findToolBinary(name: string): string | undefined {
  const variable = toolBinaryVariable(name);
  const named = process.env[variable];
  if (named !== undefined && named !== "") {
    if (!isExecutable(named)) throw new Error(`${variable}=${named} is not an executable file`);
    return named;
  }
  const candidates = [
    ...(process.env["PATH"] ?? "")
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name)),
    join(workspaceRoot, ".toolchain", "venv", "bin", name),
    join(workspaceRoot, ".toolchain", "bin", name),
  ];
  return candidates.find(isExecutable);
}

/**
 * {@link findToolBinary}, for tools the toolchain installs: throws, saying how to install
 * it, when there is none. The platform and the tests never run without their tools.
 */
export function resolveToolBinary(name: string): string {
  const found = findToolBinary(name);
  if (found === undefined) {
    throw new Error(
      `${name} not found: run \`bash tools/toolchain/ensure.sh\` (it installs ${name} into .toolchain/), ` +
        `put ${name} on PATH, or set ${toolBinaryVariable(name)}`,
    );
  }
  return found;
}
