import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { workspaceRoot } from "@switchyard/launcher";

/** The pinned tool versions of tools/toolchain/versions.env, by variable name. */
export async function readToolchainVersions(): Promise<ReadonlyMap<string, string>> {
  const text = await readFile(join(workspaceRoot, "tools", "toolchain", "versions.env"), "utf8");
  const versions = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([A-Z_]+)=(\S+)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) versions.set(match[1], match[2]);
  }
  return versions;
}
