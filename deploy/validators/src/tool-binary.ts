import { accessSync, constants } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is deploy/validators/src/tool-binary.ts). */
export const repositoryRoot: string = resolve(fileURLToPath(new URL("../../..", import.meta.url)));

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a validator binary installed by `tools/toolchain/ensure.sh`: on `PATH`,
 * then in `.toolchain/venv/bin` (Python tools) and `.toolchain/bin` (Go tools).
 * Throws saying how to install it: validators are part of the test suite, never skipped.
 */
export function resolveToolBinary(name: string): string {
  const candidates = [
    ...(process.env["PATH"] ?? "")
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name)),
    join(repositoryRoot, ".toolchain", "venv", "bin", name),
    join(repositoryRoot, ".toolchain", "bin", name),
  ];
  const found = candidates.find(isExecutable);
  if (found === undefined) {
    throw new Error(
      `${name} not found: run \`bash tools/toolchain/ensure.sh\` (it installs ${name} into .toolchain/)`,
    );
  }
  return found;
}
