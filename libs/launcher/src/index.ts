/**
 * Starting the platform's processes, for `npm start`, the integration suite, the deploy
 * contract tests and the benchmark alike: one child-process wrapper, service replicas that
 * are ready when they log "serving", Envoy ready when its admin says so, a whole topology
 * wave by wave with Envoy in front; plus the workspace root, free loopback ports and the
 * toolchain's binaries. Test-only helpers live in `@switchyard/testing`.
 */
export { workspaceRoot } from "./workspace-root.js";
export { scaledTimeoutMs, timeoutScale, timeoutScaleVariable } from "./timeout-scale.js";
export { findFreeLoopbackPort } from "./free-port.js";
export { findToolBinary, resolveToolBinary, toolBinaryVariable } from "./tool-binary.js";
export { runTool } from "./run-tool.js";
export type { RunToolOptions, ToolResult } from "./run-tool.js";
export { startChildProcess } from "./child-process.js";
export type { ChildProcessHandle, ChildProcessOptions, LineMatcher, ProcessExit } from "./child-process.js";
export { startServiceProcess } from "./service-process.js";
export type { ServiceLogLine, ServiceProcess, ServiceProcessOptions } from "./service-process.js";
export { healthyHostCounts, startEnvoy, validateEnvoyConfig, waitForHealthyHosts } from "./envoy-process.js";
export type { EnvoyProcess, StartEnvoyOptions } from "./envoy-process.js";
export { launchPlatform } from "./platform-launch.js";
export type {
  FrontProxyLaunch,
  LaunchedPlatform,
  PlatformLaunchOptions,
  ReplicaEntry,
  ServiceEndpoints,
} from "./platform-launch.js";
