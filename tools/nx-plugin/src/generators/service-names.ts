import type { Tree } from "@nx/devkit";
import type { PlatformService, ServiceStack } from "@switchyard/topology";

/** The stacks a generated service can run on. */
export const serviceStacks: readonly ServiceStack[] = ["grpc-js", "connect-node"];

/** A service's name in every form the templates write it. */
export interface ServiceNames {
  /** As given: the app folder, the topology entry, the image (`inventory`). */
  readonly name: string;
  /** For types and the gRPC service (`Inventory`). */
  readonly className: string;
  /** For variables and properties (`inventory`). */
  readonly propertyName: string;
  /** For environment variables (`INVENTORY`). */
  readonly constantName: string;
}

/**
 * The names derived from `name`. A service name is one lower-case word (letters, then letters
 * or digits), because it is also a proto package segment, an env-var prefix and a DNS label.
 */
export function serviceNames(name: string): ServiceNames {
  if (!/^[a-z][a-z0-9]{0,30}$/.test(name)) {
    throw new Error(`service name "${name}": use one lower-case word of letters and digits, e.g. inventory`);
  }
  return {
    name,
    className: `${name.charAt(0).toUpperCase()}${name.slice(1)}`,
    propertyName: name,
    constantName: name.toUpperCase(),
  };
}

/** The workspace's naming roots, read from the root package.json: `@<scope>` for packages, `<scope>` for proto packages. */
export interface WorkspaceScope {
  /** The npm scope, e.g. `@switchyard`. */
  readonly npmScope: string;
  /** The first segment of every proto package, e.g. `switchyard`. */
  readonly protoRoot: string;
}

/** Reads {@link WorkspaceScope} from the tree: the proto root from the topology's first gRPC service, the npm scope from the topology lib's package name. */
export function readWorkspaceScope(tree: Tree, services: readonly PlatformService[]): WorkspaceScope {
  const topologyPackage = JSON.parse(tree.read("libs/topology/package.json", "utf8") ?? "{}") as {
    name?: string;
  };
  const npmScope = topologyPackage.name?.split("/")[0];
  const protoRoot = services[0]?.grpcServices[0]?.split(".")[0];
  if (npmScope === undefined || protoRoot === undefined) {
    throw new Error("cannot read the workspace's npm scope and proto package root");
  }
  return { npmScope, protoRoot };
}

/** The lowest port from 50051 up that no service of `services` uses. */
export function freeServicePort(services: readonly PlatformService[]): number {
  const used = new Set(services.map((service) => service.port));
  let port = 50051;
  while (used.has(port)) port += 1;
  return port;
}
