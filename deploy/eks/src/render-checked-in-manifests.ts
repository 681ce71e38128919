// Writes deploy/eks/{base,overlays,cluster} from the topology and deploy settings.
// `npm run render -w @switchyard/deploy-eks`.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { eksDirectory } from "./checked-in-tree.js";
import { renderKustomizeTree } from "./kustomize-tree.js";

for (const [path, content] of renderKustomizeTree()) {
  const file = join(eksDirectory, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  process.stdout.write(`wrote ${file}\n`);
}
