import { fileURLToPath } from "node:url";

/** Absolute path of the repository root (where the root package.json lives). */
export const workspaceRoot: string = fileURLToPath(new URL("../../../", import.meta.url));
