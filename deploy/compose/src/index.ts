export {
  composeReplicas,
  composeSubnet,
  composeDynamicRange,
  composeEnvoyPort,
  composeImages,
  composeReplicasOf,
  renderComposeEnvoyConfig,
  composeStopGracePeriod,
  renderComposeFile,
} from "./compose-file.js";
export type { ComposeReplica } from "./compose-file.js";
export { composeDirectory, renderCheckedInCompose } from "./checked-in-compose.js";
export { bundleApp, repositoryRoot } from "./bundle-app.js";
export type { BundleAppOptions, BundledApp } from "./bundle-app.js";
export { validateComposeFile, composeSpecSchemaPath } from "./compose-spec-validator.js";
export { probeDockerEngine } from "./docker-engine.js";
export type { DockerEngineStatus } from "./docker-engine.js";
