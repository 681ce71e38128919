import { platformServices, type PlatformService } from "@switchyard/topology";

/** The project every app's `build` and `container` targets run (deploy/image): a change to it rebuilds every image. */
export const imageBuilderProject = "@switchyard/deploy-image";

/** The tag of a project whose tests or commands start every app of the topology as child processes. */
export const startsAllAppsTag = "starts:all-apps";

/** The tag prefix of a project that starts one app, e.g. `starts:catalog` (the benchmark runs catalog only). */
export const startsAppTagPrefix = "starts:";

/** The Nx project name of a topology service's app (`apps/<service>`). */
export function appProject(service: string): string {
  return `@switchyard/${service}`;
}

/** What the edges are inferred from: a project's name and tags. */
export interface TaggedProject {
  readonly name: string;
  readonly tags: readonly string[];
}

/** One inferred edge: `source` depends on `target` without importing it. */
export interface ProjectEdge {
  readonly source: string;
  readonly target: string;
}

/**
 * The services a project's `starts:` tags name: every service for `starts:all-apps`, the
 * one named otherwise. Throws on a tag naming no service of the topology, listing the known ones.
 */
export function startedServices(
  project: TaggedProject,
  topology: readonly PlatformService[] = platformServices,
): PlatformService[] {
  const started = new Set<PlatformService>();
  for (const tag of project.tags) {
    if (!tag.startsWith(startsAppTagPrefix)) continue;
    if (tag === startsAllAppsTag) {
      topology.forEach((service) => started.add(service));
      continue;
    }
    const name = tag.slice(startsAppTagPrefix.length);
    const service = topology.find((candidate) => candidate.name === name);
    if (service === undefined) {
      const known = topology.map((candidate) => candidate.name).join(", ");
      throw new Error(
        `${project.name}: tag "${tag}" names no service of the topology (known: ${known}; or "${startsAllAppsTag}")`,
      );
    }
    started.add(service);
  }
  return [...started];
}

/**
 * The project-graph edges the topology implies, none of which an import shows:
 * - each app depends on the image builder, whose `build` and `container` targets make it;
 * - each app depends on the apps of the services it calls, so a caller is re-tested when a
 *   service it calls changes;
 * - each project tagged `starts:all-apps` (or `starts:<service>`) depends on the apps it
 *   starts as child processes, so a change to an app re-runs the integration suite, the
 *   local platform, the deploy contract tests and the benchmark, and their `test` cache key
 *   covers the sources those processes run.
 * Edges to projects that do not exist (a topology entry whose app is not written yet) are left out.
 */
export function inferTopologyEdges(
  projects: readonly TaggedProject[],
  topology: readonly PlatformService[] = platformServices,
): ProjectEdge[] {
  const existing = new Set(projects.map((project) => project.name));
  const edges: ProjectEdge[] = [];
  const add = (source: string, target: string) => {
    if (source !== target && existing.has(source) && existing.has(target)) edges.push({ source, target });
  };
  for (const service of topology) {
    add(appProject(service.name), imageBuilderProject);
    for (const edge of service.dependencies) add(appProject(service.name), appProject(edge.service));
  }
  for (const project of projects) {
    for (const service of startedServices(project, topology)) add(project.name, appProject(service.name));
  }
  return edges;
}
