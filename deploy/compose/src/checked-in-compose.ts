import { fileURLToPath } from "node:url";
import { renderComposeEnvoyConfig, renderComposeFile } from "./compose-file.js";

/** deploy/compose in the repository. */
export const composeDirectory: string = fileURLToPath(new URL("..", import.meta.url));

/** The generated files of deploy/compose, name → content, from the current topology. */
export function renderCheckedInCompose(): Map<string, string> {
  return new Map([
    ["compose.yaml", renderComposeFile()],
    ["envoy.yaml", renderComposeEnvoyConfig()],
  ]);
}
