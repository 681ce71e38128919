export { runCheckov, describeFindings } from "./checkov.js";
export type { CheckovFinding, CheckovReport, CheckovOptions } from "./checkov.js";
export { runCfnLint } from "./cfn-lint.js";
export { kustomizeBuild, validateKubernetesManifests, kubernetesVersion } from "./kubernetes.js";
export {
  unimplementedCode,
  methodPaths,
  callEveryMethod,
  replayAlbHealthCheck,
  matcherAccepts,
} from "./route-coverage.js";
export type { MethodReach } from "./route-coverage.js";
export { startPlatformProcesses } from "./platform-processes.js";
export { replayLivenessCommand } from "./liveness-replay.js";
export type { PlatformProcesses } from "./platform-processes.js";
export { startNlbReplay } from "./nlb-replay.js";
export type { NlbReplay, NlbTarget } from "./nlb-replay.js";
export { replayPreStopHook } from "./prestop-replay.js";
export type { PreStopHandler, ReplayPreStopOptions } from "./prestop-replay.js";
export { startWithDeployedTelemetry } from "./telemetry-replay.js";
export type { StartWithDeployedTelemetryOptions } from "./telemetry-replay.js";
