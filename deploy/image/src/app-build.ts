import { execFile } from "node:child_process";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { workspaceRoot } from "@switchyard/launcher";
import { bundleApp, type BundledApp } from "./bundle-app.js";

const execFileAsync = promisify(execFile);

/** Where `nx build <app>` writes an app's production build: `dist/apps/<app>`. */
export function appBuildDirectory(app: string): string {
  return join(workspaceRoot, "dist", "apps", app);
}

/** What {@link buildApp} wrote. */
export interface BuiltApp extends BundledApp {
  /** The build directory: `node <dir>/main.mjs` serves. */
  readonly directory: string;
}

/**
 * The production build of an app (the Nx `build` target): the bundle of
 * {@link bundleApp} plus exactly the app's third-party production dependencies
 * in `node_modules`, installed by `npm ci --omit=dev --workspace @switchyard/<app>`
 * from the lockfile (npm's cache makes a rebuild offline). The directory is
 * everything the app's image needs besides Node.js, so `docker build` needs no
 * network and no registry.
 */
export async function buildApp(app: string, directory = appBuildDirectory(app)): Promise<BuiltApp> {
  await rm(directory, { recursive: true, force: true });
  const manifests = await mkdtemp(join(tmpdir(), `switchyard-build-${app}-`));
  try {
    const bundled = await bundleApp({ app, outDir: directory, manifestsDir: manifests });
    await execFileAsync(
      "npm",
      [
        "ci",
        "--omit=dev",
        "--ignore-scripts",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        "--workspace",
        `@switchyard/${app}`,
      ],
      { cwd: manifests, maxBuffer: 16 * 1024 * 1024 },
    );
    // Workspace packages are links to folders the bundle already inlined.
    await rm(join(manifests, "node_modules", "@switchyard"), { recursive: true, force: true });
    await rename(join(manifests, "node_modules"), join(directory, "node_modules"));
    return { ...bundled, directory };
  } finally {
    await rm(manifests, { recursive: true, force: true });
  }
}
