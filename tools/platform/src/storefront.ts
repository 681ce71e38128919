import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { workspaceRoot } from "@switchyard/launcher";

const execFileAsync = promisify(execFile);

/** The storefront's project directory (`apps/web`). */
const webProjectDir = join(workspaceRoot, "apps", "web");

/** Where Vite writes the built storefront (its `build.outDir`), which the edge server serves. */
export const storefrontBuildDir = join(workspaceRoot, "dist", "apps", "web");

/**
 * Builds the storefront with the workspace's own Vite (about a second), so `npm start` always
 * serves the sources as they are; resolves with the build directory.
 */
export async function buildStorefront(): Promise<string> {
  const vitePackage = createRequire(join(webProjectDir, "package.json")).resolve("vite/package.json");
  const viteCli = join(dirname(vitePackage), "bin", "vite.js");
  try {
    await execFileAsync(process.execPath, [viteCli, "build", "--logLevel", "warn"], {
      cwd: webProjectDir,
      timeout: 120_000,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`the storefront did not build (vite build in apps/web):\n${stderr}`, { cause: error });
  }
  return storefrontBuildDir;
}
