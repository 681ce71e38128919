import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { workspaceRoot, type ReplicaEntry } from "@switchyard/launcher";
import { bundleApp } from "./bundle-app.js";

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
  const parent = join(workspaceRoot, ".toolchain", "bundles");
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, "run-"));
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
