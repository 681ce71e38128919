/**
 * The apps' production build and container image: `nx build <app>` (a bundle plus
 * production node_modules in dist/apps/<app>), `nx container <app>` (the image from
 * that build), the pinned base images and their local stand-ins, and the Docker CLI
 * and engine probe they use.
 */
export { bundleApp, imageDirectory } from "./bundle-app.js";
export type { BundleAppOptions, BundledApp } from "./bundle-app.js";
export { appBuildDirectory, buildApp } from "./app-build.js";
export type { BuiltApp } from "./app-build.js";
export { buildAppImage, imagePlatformVariable, sourceRevision } from "./app-image.js";
export type { BuildAppImageOptions, BuiltAppImage } from "./app-image.js";
export { buildAppImages } from "./app-images.js";
export type { BuildAppImagesOptions } from "./app-images.js";
export { baseImageVariables, haveImage, resolveBaseImage } from "./base-images.js";
export type { BaseImageKind, ResolveBaseImageOptions, ResolvedBaseImage } from "./base-images.js";
export { appImageRepository, developmentImageTag, pinnedImages } from "./images.js";
export { dockerArchitecture, dockerBuildEnvironment, dockerExitCode, dockerSucceeds } from "./docker-cli.js";
export { runDocker } from "./docker-cli.js";
export type { DockerOutput, RunDockerOptions } from "./docker-cli.js";
export { probeDockerEngine } from "./docker-engine.js";
export type { DockerEngineStatus } from "./docker-engine.js";
export { readToolchainVersions } from "./toolchain-versions.js";
export { bundleAppsForLocalRun, bundleScriptForLocalRun } from "./local-bundles.js";
export type { LocalAppBundles, LocalScriptBundle } from "./local-bundles.js";
