import type { Tree } from "@nx/devkit";

/** Where the topology's services are declared. */
export const topologyPath = "libs/topology/src/platform-services.ts";
/** The registry of every generated proto file. */
export const protoRegistryPath = "libs/proto/src/proto-registry.ts";
/** The root README, whose layout table and service links list every app. */
export const rootReadmePath = "README.md";

function readText(tree: Tree, path: string): string {
  const text = tree.read(path, "utf8");
  if (text === null) throw new Error(`${path} is missing`);
  return text;
}

/** The index of the `\n];` that closes the array literal starting at `opening`. */
function arrayEnd(text: string, opening: string, path: string): number {
  const start = text.indexOf(opening);
  const end = start === -1 ? -1 : text.indexOf("\n];", start);
  if (end === -1) throw new Error(`${path}: cannot find the array "${opening}"`);
  return end;
}

/** Appends `entry` (TypeScript source of one object) to the topology's `platformServices`. */
export function addTopologyEntry(tree: Tree, entry: string): void {
  const text = readText(tree, topologyPath);
  const end = arrayEnd(text, "export const platformServices", topologyPath);
  tree.write(topologyPath, `${text.slice(0, end)}\n${entry},${text.slice(end)}`);
}

/** Removes the topology entry of the service `name` (prettier's layout: `  {` … `  },` lines). */
export function removeTopologyEntry(tree: Tree, name: string): void {
  const text = readText(tree, topologyPath);
  const nameAt = text.indexOf(`\n    name: "${name}",`);
  const start = text.lastIndexOf("\n  {\n", nameAt);
  const end = text.indexOf("\n  },", nameAt);
  if (nameAt === -1 || start === -1 || end === -1) {
    throw new Error(`${topologyPath}: no entry for "${name}"`);
  }
  tree.write(topologyPath, text.slice(0, start) + text.slice(end + "\n  },".length));
}

/** The constant protoc-gen-es exports for the file `<protoPath>/<fileName>.proto`. */
export function generatedFileConstant(protoPath: string, fileName: string): string {
  return `file_${protoPath.replaceAll("/", "_")}_${fileName}`;
}

/** Registers a generated file in the proto lib's registry (an import and an entry), so reflection serves it. */
export function addProtoRegistryFile(tree: Tree, protoPath: string, fileName: string): void {
  const constant = generatedFileConstant(protoPath, fileName);
  let text = readText(tree, protoRegistryPath);
  const lastImport = text.lastIndexOf("\nimport ");
  const afterLastImport = text.indexOf("\n", text.indexOf(";", lastImport));
  text = `${text.slice(0, afterLastImport)}\nimport { ${constant} } from "./gen/${protoPath}/${fileName}_pb.js";${text.slice(afterLastImport)}`;
  const end = arrayEnd(text, "export const protoFiles", protoRegistryPath);
  tree.write(protoRegistryPath, `${text.slice(0, end)}\n  ${constant},${text.slice(end)}`);
}

/** Removes what {@link addProtoRegistryFile} added. */
export function removeProtoRegistryFile(tree: Tree, protoPath: string, fileName: string): void {
  const constant = generatedFileConstant(protoPath, fileName);
  const lines = readText(tree, protoRegistryPath).split("\n");
  tree.write(
    protoRegistryPath,
    lines.filter((line) => !new RegExp(`\\b${constant}\\b`).test(line)).join("\n"),
  );
}

/** A row of the root README's layout table and a link in its list of services, for a new app. */
export function addReadmeService(tree: Tree, name: string, description: string): void {
  const lines = readText(tree, rootReadmePath).split("\n");
  const lastAppRow = lines.findLastIndex((line) => line.startsWith("| `apps/"));
  if (lastAppRow !== -1) lines.splice(lastAppRow + 1, 0, `| \`apps/${name}\` | ${description} |`);
  const servicesLine = lines.findIndex((line) => line.startsWith("- The services: "));
  const services = lines[servicesLine];
  if (services !== undefined) {
    lines[servicesLine] = services.replace(/\.$/, `, [${name}](apps/${name}/README.md).`);
  }
  tree.write(rootReadmePath, lines.join("\n"));
}

/** Removes what {@link addReadmeService} added (and any other row or link naming the app). */
export function removeReadmeService(tree: Tree, name: string): void {
  const lines = readText(tree, rootReadmePath)
    .split("\n")
    .filter((line) => !line.startsWith(`| \`apps/${name}\``))
    .map((line) =>
      line.startsWith("- The services: ") ? line.replace(`, [${name}](apps/${name}/README.md)`, "") : line,
    );
  tree.write(rootReadmePath, lines.join("\n"));
}
