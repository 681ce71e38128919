export {
  composeReplicas,
  composeSubnet,
  composeDynamicRange,
  composeEnvoyPort,
  composeEnvoyAdminPort,
  composeJaegerUiPort,
  composeVariables,
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
export { composeImages, appImageRepository, developmentImageTag } from "./images.js";
export { appBuildDirectory, buildApp } from "./app-build.js";
export type { BuiltApp } from "./app-build.js";
export { buildAppImage, sourceRevision } from "./app-image.js";
export type { BuildAppImageOptions, BuiltAppImage } from "./app-image.js";
export { buildAppImages } from "./app-images.js";
export type { BuildAppImagesOptions } from "./app-images.js";
export { baseImageVariables, resolveBaseImage } from "./base-images.js";
export type { BaseImageKind, ResolveBaseImageOptions, ResolvedBaseImage } from "./base-images.js";
export { startComposeStack, testComposeProject } from "./compose-stack.js";
export type { ComposeStack, StartComposeStackOptions } from "./compose-stack.js";
export { dockerArchitecture, dockerBuildEnvironment, dockerSucceeds, runDocker } from "./docker-cli.js";
export type { DockerOutput, RunDockerOptions } from "./docker-cli.js";
