// Writes deploy/compose/compose.yaml and envoy.yaml from the topology.
// `npm run render -w @switchyard/deploy-compose`.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { composeDirectory, renderCheckedInCompose } from "./checked-in-compose.js";

for (const [name, content] of renderCheckedInCompose()) {
  await writeFile(join(composeDirectory, name), content);
  process.stdout.write(`wrote ${join(composeDirectory, name)}\n`);
}
