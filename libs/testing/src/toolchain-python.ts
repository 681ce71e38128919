import { join } from "node:path";
import { workspaceRoot } from "@switchyard/launcher";

/** The Python interpreter of the project's toolchain (`.toolchain/venv`, with grpcio and grpcio-tools). */
export const toolchainPython: string = join(workspaceRoot, ".toolchain", "venv", "bin", "python");
