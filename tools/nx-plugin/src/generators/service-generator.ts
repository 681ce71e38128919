import { join } from "node:path";
import { formatFiles, generateFiles, type GeneratorCallback, type Tree } from "@nx/devkit";
import { platformServices, type PlatformService, type ServiceStack } from "@switchyard/topology";
import { regenerateDerivedFiles } from "./derived-files.js";
import { addLockedWorkspace } from "./package-lock-edits.js";
import {
  freeServicePort,
  readWorkspaceScope,
  serviceNames,
  serviceStacks,
  type WorkspaceScope,
} from "./service-names.js";
import { addProtoRegistryFile, addReadmeService, addTopologyEntry } from "./workspace-edits.js";

/** Options of `nx g @switchyard/nx-plugin:service`. */
export interface ServiceGeneratorOptions {
  /** The service's name: one lower-case word, e.g. `inventory`. */
  readonly name: string;
  /** The server stack. */
  readonly stack: ServiceStack;
  /** Comma-separated names of the services it calls, e.g. `catalog`. */
  readonly calls?: string;
  /** Skip regenerating code and re-rendering Envoy, compose and EKS (for tests of the tree alone). */
  readonly skipDerivedFiles?: boolean;
}

const filesRoot = join(import.meta.dirname, "..", "..", "files");

/** What the templates need to know about a service the new one calls. */
interface CalleeTemplateValues {
  readonly name: string;
  readonly className: string;
  readonly propertyName: string;
  readonly variable: string;
  readonly port: number;
  readonly serviceExport: string;
  readonly protoImport: string;
}

function calleeValues(callee: PlatformService, scope: WorkspaceScope): CalleeTemplateValues {
  const names = serviceNames(callee.name);
  const grpcService = callee.grpcServices[0];
  if (grpcService === undefined) throw new Error(`${callee.name} serves no gRPC service to call`);
  const segments = grpcService.split(".");
  const serviceExport = segments.pop() ?? "";
  return {
    ...names,
    variable: `${names.constantName}_TARGET`,
    port: callee.port,
    serviceExport,
    // The proto files are named <service>_service.proto, as every service of the template.
    protoImport: `${scope.npmScope}/proto/${segments.join("/")}/${callee.name}_service`,
  };
}

function resolveCallees(calls: string | undefined): PlatformService[] {
  const names = (calls ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  return names.map((name) => {
    const callee = platformServices.find((service) => service.name === name);
    if (callee === undefined) {
      throw new Error(
        `--calls ${name}: no such service (known: ${platformServices.map((service) => service.name).join(", ")})`,
      );
    }
    return callee;
  });
}

function appPackageDependencies(stack: ServiceStack, npmScope: string, calls: boolean) {
  const runtime = stack === "connect-node" ? ["connect-runtime"] : ["grpc-js-adapter", "grpc-js-runtime"];
  const own = [...runtime, "proto", "service-runtime", ...(calls ? ["grpc-js-adapter", "telemetry"] : [])];
  const dependencies: Record<string, string> = {
    "@bufbuild/protobuf": "^2.17.0",
    "@connectrpc/connect": "^2.3.0",
    ...(stack === "connect-node" && { "@connectrpc/connect-node": "^2.3.0" }),
    ...((stack === "grpc-js" || calls) && { "@grpc/grpc-js": "^1.14.7" }),
    zod: "^4.6.7",
  };
  for (const lib of own) dependencies[`${npmScope}/${lib}`] = "*";
  const devDependencies: Record<string, string> = {
    ...(stack === "grpc-js" && { "@connectrpc/connect-node": "^2.3.0" }),
    [`${npmScope}/testing`]: "*",
    [`${npmScope}/topology`]: "*",
  };
  const sorted = (record: Record<string, string>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  return { dependencies: sorted(dependencies), devDependencies: sorted(devDependencies) };
}

function topologyEntry(
  name: string,
  stack: ServiceStack,
  port: number,
  grpcService: string,
  callees: readonly CalleeTemplateValues[],
): string {
  const edges = callees.map(
    (callee) => `{ service: "${callee.name}", variable: "${callee.variable}", form: "grpc-target" }`,
  );
  return `  {\n    name: "${name}",\n    stack: "${stack}",\n    port: ${port},\n    grpcServices: ["${grpcService}"],\n    dependencies: [${edges.join(", ")}],\n  }`;
}

/**
 * Adds a service end to end: its proto (validation rules, doc comments), its app under
 * `apps/<name>` on the chosen stack (main, server, service, config, README with grpcurl
 * lines, tests, and a client of each service it calls), its topology entry on a free port
 * with its dependency edges, the proto registry line, the README rows and the lockfile
 * entry; then, once the tree is written, regenerates the proto code and re-renders Envoy,
 * compose and EKS.
 */
export default async function serviceGenerator(
  tree: Tree,
  options: ServiceGeneratorOptions,
): Promise<GeneratorCallback> {
  const names = serviceNames(options.name);
  if (!serviceStacks.includes(options.stack))
    throw new Error(`--stack must be one of ${serviceStacks.join(", ")}`);
  if (platformServices.some((service) => service.name === names.name) || tree.exists(`apps/${names.name}`)) {
    throw new Error(`a service or app named "${names.name}" already exists`);
  }
  const scope = readWorkspaceScope(tree, platformServices);
  const callees = resolveCallees(options.calls).map((callee) => calleeValues(callee, scope));
  const port = freeServicePort(platformServices);
  const protoPath = `${scope.protoRoot}/${names.name}/v1`;
  const protoPackage = protoPath.replaceAll("/", ".");
  const values = {
    ...names,
    stack: options.stack,
    port,
    callees,
    protoPath,
    protoPackage,
    npmScope: scope.npmScope,
    protoImport: `${scope.npmScope}/proto/${protoPath}/${names.name}_service`,
    ...appPackageDependencies(options.stack, scope.npmScope, callees.length > 0),
  };
  const appRoot = `apps/${names.name}`;
  generateFiles(tree, join(filesRoot, "service", "proto"), `proto/${protoPath}`, values);
  generateFiles(tree, join(filesRoot, "service", "app"), appRoot, values);
  for (const callee of callees) {
    generateFiles(tree, join(filesRoot, "client"), `${appRoot}/src`, {
      ...values,
      callee,
      calleeName: callee.name,
    });
  }
  for (const path of [...listFiles(tree, appRoot), ...listFiles(tree, `proto/${protoPath}`)]) {
    if (path.endsWith(".template")) tree.rename(path, path.slice(0, -".template".length));
  }
  addTopologyEntry(
    tree,
    topologyEntry(names.name, options.stack, port, `${protoPackage}.${names.className}Service`, callees),
  );
  addProtoRegistryFile(tree, protoPath, `${names.name}_service`);
  addReadmeService(
    tree,
    names.name,
    `the ${names.name} service (${options.stack})${callees.length > 0 ? `, calls ${callees.map((callee) => callee.name).join(", ")}` : ""}`,
  );
  addLockedWorkspace(tree, appRoot, {
    name: `${scope.npmScope}/${names.name}`,
    dependencies: values.dependencies,
    devDependencies: values.devDependencies,
  });
  await formatFiles(tree);
  return () => {
    if (options.skipDerivedFiles !== true) regenerateDerivedFiles(tree.root, scope.npmScope);
  };
}

/** Every file under `folder` in the tree, as workspace-relative paths. */
export function listFiles(tree: Tree, folder: string): string[] {
  if (tree.isFile(folder)) return [folder];
  return tree.children(folder).flatMap((child) => listFiles(tree, `${folder}/${child}`));
}
