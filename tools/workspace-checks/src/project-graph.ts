import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { workspaceRoot } from "@switchyard/launcher";
import { platformServices, type PlatformService } from "@switchyard/topology";

/** The project every app's build and image depend on without importing it (deploy/image). */
export const imageBuilderProject = "@switchyard/deploy-image";

/** The Nx project name of a topology service's app. */
export function appProject(service: string): string {
  return `@switchyard/${service}`;
}

/**
 * The implicit dependencies of each app in the Nx project graph, derived from the topology:
 * the image builder, and the apps of the services it calls, so `nx affected` re-tests a
 * caller when a service it calls changes.
 */
export function renderImplicitDependencies(
  topology: readonly PlatformService[] = platformServices,
): Map<string, string[]> {
  return new Map(
    topology.map((service) => [
      service.name,
      [imageBuilderProject, ...service.dependencies.map((edge) => appProject(edge.service))].sort(),
    ]),
  );
}

interface AppManifest {
  nx?: { implicitDependencies?: string[] };
}

/** `apps/<service>/package.json`'s implicit dependencies as checked in. */
export async function readImplicitDependencies(service: string): Promise<string[]> {
  const manifest = JSON.parse(
    await readFile(join(workspaceRoot, "apps", service, "package.json"), "utf8"),
  ) as AppManifest;
  return manifest.nx?.implicitDependencies ?? [];
}

/** Writes {@link renderImplicitDependencies} into every app's `package.json` (`nx.implicitDependencies`). */
export async function writeImplicitDependencies(
  topology: readonly PlatformService[] = platformServices,
): Promise<void> {
  for (const [service, dependencies] of renderImplicitDependencies(topology)) {
    const path = join(workspaceRoot, "apps", service, "package.json");
    const manifest = JSON.parse(await readFile(path, "utf8")) as AppManifest & Record<string, unknown>;
    manifest.nx = { ...manifest.nx, implicitDependencies: dependencies };
    await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
  }
}
