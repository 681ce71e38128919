export { resolveEnvoyBinary, startEnvoy, validateEnvoyConfig } from "./envoy-process.js";
export type { EnvoyProcess, StartEnvoyOptions } from "./envoy-process.js";
export { workspaceRoot } from "./workspace-root.js";
