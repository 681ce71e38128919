// Writes envoy/envoy.yaml: the front proxy for the local platform's default
// ports (two replicas per service). `npm run render -w @switchyard/envoy-config`.
import { writeFile } from "node:fs/promises";
import { platformServices } from "@switchyard/topology";
import { checkedInConfigPath, renderCheckedInConfig } from "./checked-in-config.js";

await writeFile(checkedInConfigPath, renderCheckedInConfig(platformServices));
process.stdout.write(`wrote ${checkedInConfigPath}\n`);
