import { cp, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { workspaceRoot } from "@switchyard/launcher";

/** deploy/image: the apps' Dockerfile and the recipes of the local stand-in base images. */
export const imageDirectory: string = fileURLToPath(new URL("..", import.meta.url));

/** Options for {@link bundleApp}. */
export interface BundleAppOptions {
  /** The app folder under `apps/`, e.g. "catalog". */
  readonly app: string;
  /** Where the image's /app tree is written. */
  readonly outDir: string;
  /** Where the workspace manifests are written (for `npm ci --workspace` of production dependencies). */
  readonly manifestsDir?: string;
}

/** What {@link bundleApp} wrote. */
export interface BundledApp {
  /** `apps/<app>/src/main.mjs` under `outDir`: the app and every workspace lib it imports, as one ESM file. */
  readonly mainPath: string;
  /** `main.mjs` under `outDir`, which imports {@link BundledApp.mainPath}: the image's fixed entry point. */
  readonly entryPath: string;
  /** Third-party packages the bundle imports at run time (left external, installed by npm). */
  readonly externalPackages: readonly string[];
}

const workspaceScope = "@switchyard/";

/** Bundles workspace code (`@switchyard/*`, relative imports); leaves npm packages external. */
export function externalizeThirdParty(external: Set<string>): Plugin {
  return {
    name: "externalize-third-party",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith(workspaceScope) || args.path.startsWith("node:")) return undefined;
        const [first = "", second = ""] = args.path.split("/");
        external.add(first.startsWith("@") ? `${first}/${second}` : first);
        return { path: args.path, external: true };
      });
    },
  };
}

async function workspaceManifests(): Promise<string[]> {
  const root = JSON.parse(await readFile(join(workspaceRoot, "package.json"), "utf8")) as {
    workspaces: string[];
  };
  const manifests: string[] = [];
  for (const pattern of root.workspaces) {
    const parent = pattern.endsWith("/*") ? pattern.slice(0, -2) : pattern;
    const folders = pattern.endsWith("/*")
      ? (await readdir(join(workspaceRoot, parent), { withFileTypes: true }))
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(parent, entry.name))
      : [parent];
    for (const folder of folders) {
      const manifest = join(folder, "package.json");
      if (
        await stat(join(workspaceRoot, manifest)).then(
          () => true,
          () => false,
        )
      )
        manifests.push(manifest);
    }
  }
  return manifests;
}

/** Folders of an app that its code reads at run time, copied beside the bundle. */
const appRuntimeFolders = ["data", "migrations"] as const;

/**
 * Builds what an app's image runs: its `src/main.ts` and every workspace lib it
 * imports bundled into `apps/<app>/src/main.mjs` (the same place as the source,
 * so `new URL("../data/...", import.meta.url)` still finds the app's data and
 * migrations, copied next to it), a `main.mjs` that imports it as the fixed entry point,
 * and optionally every workspace manifest so `npm ci --omit=dev --workspace
 * @switchyard/<app>` can install exactly the app's production dependencies.
 */
export async function bundleApp(options: BundleAppOptions): Promise<BundledApp> {
  const appDir = join(workspaceRoot, "apps", options.app);
  const entry = join(appDir, "src", "main.ts");
  if (
    !(await stat(entry).then(
      () => true,
      () => false,
    ))
  ) {
    throw new Error(`apps/${options.app}/src/main.ts does not exist`);
  }
  const mainPath = join(options.outDir, "apps", options.app, "src", "main.mjs");
  const external = new Set<string>();
  await build({
    entryPoints: [entry],
    outfile: mainPath,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    sourcemap: true,
    logLevel: "warning",
    plugins: [externalizeThirdParty(external)],
  });
  // Files the app reads next to its code at run time: its data and its SQL migrations.
  for (const folder of appRuntimeFolders) {
    const source = join(appDir, folder);
    const present = await stat(source).then(
      () => true,
      () => false,
    );
    if (present) await cp(source, join(options.outDir, "apps", options.app, folder), { recursive: true });
  }
  const entryPath = join(options.outDir, "main.mjs");
  // A module, not a symlink: build caches and image layers keep it as it is.
  await writeFile(entryPath, `import "./${relative(options.outDir, mainPath)}";\n`);
  if (options.manifestsDir !== undefined) {
    for (const file of ["package.json", "package-lock.json", ...(await workspaceManifests())]) {
      await mkdir(dirname(join(options.manifestsDir, file)), { recursive: true });
      await writeFile(join(options.manifestsDir, file), await readFile(join(workspaceRoot, file)));
    }
  }
  return { mainPath, entryPath, externalPackages: [...external].sort() };
}
