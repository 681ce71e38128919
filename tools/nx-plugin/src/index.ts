// The workspace's Nx plugin, listed in nx.json `plugins`. Nx loads this file with Node's own
// TypeScript type stripping: no enums, namespaces or parameter properties here or in what it imports.
import { DependencyType, type CreateDependencies } from "nx/src/devkit-exports.js";
import { inferTopologyEdges } from "./topology-edges.js";

export {
  appProject,
  imageBuilderProject,
  inferTopologyEdges,
  startedServices,
  startsAllAppsTag,
  startsAppTagPrefix,
} from "./topology-edges.js";
export type { ProjectEdge, TaggedProject } from "./topology-edges.js";

/** The plugin's name in Nx's messages. */
export const name = "@switchyard/nx-plugin";

/**
 * Adds {@link inferTopologyEdges} to the project graph as implicit dependencies, so the edges
 * follow `libs/topology` and the projects' `starts:` tags with nothing rendered into package.json.
 */
export const createDependencies: CreateDependencies = (_options, context) =>
  inferTopologyEdges(
    Object.values(context.projects).flatMap((project) =>
      project.name === undefined ? [] : [{ name: project.name, tags: project.tags ?? [] }],
    ),
  ).map((edge) => ({ ...edge, type: DependencyType.implicit }));
