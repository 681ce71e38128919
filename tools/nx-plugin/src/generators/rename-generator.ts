import { execFileSync } from "node:child_process";
import { formatFiles, visitNotIgnoredFiles, type GeneratorCallback, type Tree } from "@nx/devkit";
import { platformServices } from "@switchyard/topology";
import { regenerateDerivedFiles } from "./derived-files.js";
import {
  renamedPath,
  renameRules,
  renameText,
  validateRenameRoots,
  type RenameRoots,
} from "./rename-rules.js";
import { readWorkspaceScope } from "./service-names.js";

/** Options of `nx g @switchyard/nx-plugin:rename`. */
export interface RenameGeneratorOptions {
  /** The new npm scope, e.g. `@acme`; its name without `@` also becomes the image names' root. */
  readonly scope: string;
  /** The new first segment of every proto package, e.g. `acme`. */
  readonly protoPackage: string;
  /** Skip `npm install` (which re-links the renamed workspace packages in `node_modules`). */
  readonly skipInstall?: boolean;
  /** Skip regenerating code and re-rendering Envoy, compose and EKS. */
  readonly skipDerivedFiles?: boolean;
}

/** Whether `content` looks like a binary file (a NUL byte in its first 8 KiB), which a rename leaves alone. */
function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8192).includes(0);
}

/** Rewrites every text file of the tree that git does not ignore, moving proto sources and generated code with their package. */
function renameFiles(tree: Tree, roots: RenameRoots): void {
  const rules = renameRules(roots);
  const paths: string[] = [];
  visitNotIgnoredFiles(tree, "", (path) => {
    if (!path.startsWith(".toolchain/")) paths.push(path);
  });
  for (const path of paths) {
    const content = tree.read(path);
    if (content === null || isBinary(content)) continue;
    const text = content.toString("utf8");
    const renamed = renameText(text, rules);
    const target = renamedPath(path, roots);
    if (target !== path) {
      tree.delete(path);
      tree.write(target, renamed);
    } else if (renamed !== text) {
      tree.write(path, renamed);
    }
  }
}

/**
 * Renames the template: the npm scope (package names and dependencies, imports, Nx, ESLint and
 * lockfile entries), the proto packages (`proto/<root>/**`, `package <root>.x.v1`, their imports,
 * the generated code's paths and names, and every fully qualified service name in code, topology,
 * rendered files and docs) and the container image names (`<scope>/<app>` for the image build,
 * compose, ECS and EKS). Then runs `npm install` to re-link the renamed workspace packages,
 * `npm run proto:generate`, and the Envoy, compose and EKS renders.
 */
export default async function renameGenerator(
  tree: Tree,
  options: RenameGeneratorOptions,
): Promise<GeneratorCallback> {
  const current = readWorkspaceScope(tree, platformServices);
  const roots: RenameRoots = {
    fromScope: current.npmScope,
    toScope: options.scope,
    fromProto: current.protoRoot,
    toProto: options.protoPackage,
  };
  validateRenameRoots(roots);
  if (roots.fromScope === roots.toScope && roots.fromProto === roots.toProto) {
    throw new Error(`the workspace is already named ${roots.toScope} with proto packages ${roots.toProto}.*`);
  }
  renameFiles(tree, roots);
  await formatFiles(tree);
  return () => {
    if (options.skipInstall !== true) {
      execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
        cwd: tree.root,
        stdio: "inherit",
      });
    }
    if (options.skipDerivedFiles !== true) regenerateDerivedFiles(tree.root, roots.toScope);
  };
}
