import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { workspaceRoot, type ReplicaEntry } from "@switchyard/launcher";
import { build } from "esbuild";
import { bundleApp, externalizeThirdParty } from "./bundle-app.js";

/** A new folder under the workspace's `.toolchain/bundles`, where npm imports resolve to its `node_modules`. */
async function newBundleDirectory(): Promise<string> {
  const parent = join(workspaceRoot, ".toolchain", "bundles");
  await mkdir(parent, { recursive: true });
  return mkdtemp(join(parent, "run-"));
}

/** Apps bundled for a run on this machine; {@link LocalAppBundles.remove} deletes them. */
export interface LocalAppBundles {
  /** How a replica of `app` runs its bundle: `node --enable-source-maps <bundle>`, as in its image. */
  entryOf(app: string): ReplicaEntry;
  remove(): Promise<void>;
}

/**
 * Bundles `apps` exactly as their images are built ({@link bundleApp}: workspace code in one
 * ESM file, data and migrations beside it), into a new folder under the workspace's
 * `.toolchain/bundles`, where the bundles' npm imports resolve to the workspace's
 * `node_modules`. So `npm start` and the test topologies run what production runs, not the
 * TypeScript sources under tsx (which cost each replica start-up time and 20–30 MB more).
 */
export async function bundleAppsForLocalRun(apps: readonly string[]): Promise<LocalAppBundles> {
  const dir = await newBundleDirectory();
  try {
    const bundled = await Promise.all(
      apps.map(async (app) => [app, await bundleApp({ app, outDir: join(dir, app) })] as const),
    );
    const entries = new Map(bundled.map(([app, bundle]) => [app, bundle.entryPath]));
    return {
      entryOf(app) {
        const entry = entries.get(app);
        if (entry === undefined) throw new Error(`${app} was not bundled (bundled: ${apps.join(", ")})`);
        return { entry, nodeOptions: ["--enable-source-maps"] };
      },
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A script bundled for a run on this machine; {@link LocalScriptBundle.remove} deletes it. */
export interface LocalScriptBundle {
  /** `node --enable-source-maps <bundle>`. */
  readonly entry: ReplicaEntry;
  remove(): Promise<void>;
}

/**
 * Bundles the workspace script `script` (relative to the workspace root) as {@link bundleApp}
 * bundles an app, but split at its dynamic imports: a server that picks what to load at run
 * time (the benchmark's bare and runtime servers) loads only what it picked, as it would
 * from its sources.
 */
export async function bundleScriptForLocalRun(script: string): Promise<LocalScriptBundle> {
  const dir = await newBundleDirectory();
  try {
    const result = await build({
      entryPoints: { main: join(workspaceRoot, script) },
      outdir: dir,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      target: "node24",
      sourcemap: true,
      logLevel: "warning",
      plugins: [externalizeThirdParty(new Set())],
    });
    if (result.errors.length > 0) throw new Error(`bundling ${script} failed`);
    return {
      entry: { entry: join(dir, "main.mjs"), nodeOptions: ["--enable-source-maps"] },
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
