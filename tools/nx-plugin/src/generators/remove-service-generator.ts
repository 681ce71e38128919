import { formatFiles, type GeneratorCallback, type Tree } from "@nx/devkit";
import { platformServices } from "@switchyard/topology";
import { regenerateDerivedFiles } from "./derived-files.js";
import { removeLockedWorkspace } from "./package-lock-edits.js";
import { readWorkspaceScope } from "./service-names.js";
import { removeProtoRegistryFile, removeReadmeService, removeTopologyEntry } from "./workspace-edits.js";

/** Options of `nx g @switchyard/nx-plugin:remove-service`. */
export interface RemoveServiceGeneratorOptions {
  /** The service to remove, as the topology names it. */
  readonly name: string;
  /** Skip regenerating code and re-rendering Envoy, compose and EKS (for tests of the tree alone). */
  readonly skipDerivedFiles?: boolean;
}

/**
 * Removes a service and everything that wires it: its app folder, its proto folder (and, through
 * codegen, its generated code), its proto registry line, its topology entry, its README rows and
 * its lockfile entry; then regenerates the proto code and re-renders Envoy, compose and EKS.
 * Refuses, naming them, while other services still call it.
 */
export default async function removeServiceGenerator(
  tree: Tree,
  options: RemoveServiceGeneratorOptions,
): Promise<GeneratorCallback> {
  const service = platformServices.find((candidate) => candidate.name === options.name);
  if (service === undefined) {
    const known = platformServices.map((candidate) => candidate.name).join(", ");
    throw new Error(`no service named "${options.name}" in the topology (known: ${known})`);
  }
  const callers = platformServices.filter((candidate) =>
    candidate.dependencies.some((edge) => edge.service === service.name),
  );
  if (callers.length > 0) {
    const names = callers.map((caller) => caller.name).join(", ");
    throw new Error(
      `cannot remove ${service.name}: ${names} still call${callers.length === 1 ? "s" : ""} it; remove those calls first`,
    );
  }
  const scope = readWorkspaceScope(tree, platformServices);
  const appPackage = JSON.parse(tree.read(`apps/${service.name}/package.json`, "utf8") ?? "{}") as {
    name?: string;
  };
  tree.delete(`apps/${service.name}`);
  for (const grpcService of service.grpcServices) {
    const segments = grpcService.split(".");
    segments.pop();
    const protoPath = segments.join("/");
    tree.delete(`proto/${protoPath}`);
    tree.delete(`libs/proto/src/gen/${protoPath}`);
    removeProtoRegistryFile(tree, protoPath, `${service.name}_service`);
  }
  // The EKS renderer writes one manifest per service and leaves others alone.
  const eksManifest = `deploy/eks/base/${service.name}.yaml`;
  if (tree.exists(eksManifest)) tree.delete(eksManifest);
  removeTopologyEntry(tree, service.name);
  removeReadmeService(tree, service.name);
  removeLockedWorkspace(tree, `apps/${service.name}`, appPackage.name ?? `${scope.npmScope}/${service.name}`);
  await formatFiles(tree);
  return () => {
    if (options.skipDerivedFiles !== true) regenerateDerivedFiles(tree.root, scope.npmScope);
  };
}
