export { runTool } from "./run-tool.js";
export type { ToolResult, RunToolOptions } from "./run-tool.js";
export { runCheckov, describeFindings } from "./checkov.js";
export type { CheckovFinding, CheckovReport, CheckovOptions } from "./checkov.js";
export { runCfnLint } from "./cfn-lint.js";
export { kustomizeBuild, validateKubernetesManifests, kubernetesVersion } from "./kubernetes.js";
export { sendRawGrpcCall, withHttp2Session } from "./raw-grpc-call.js";
export type { GrpcEndpoint, RawGrpcOutcome, RawGrpcCallOptions } from "./raw-grpc-call.js";
export {
  unimplementedCode,
  methodPaths,
  callEveryMethod,
  replayAlbHealthCheck,
  matcherAccepts,
} from "./route-coverage.js";
export type { MethodReach } from "./route-coverage.js";
export { startServiceProcess } from "./service-process.js";
export type { StartServiceProcessOptions, ServiceProcess } from "./service-process.js";
export { startPlatformProcesses } from "./platform-processes.js";
export { replayLivenessCommand } from "./liveness-replay.js";
export type { PlatformProcesses } from "./platform-processes.js";
export { startNlbReplay } from "./nlb-replay.js";
export type { NlbReplay, NlbTarget } from "./nlb-replay.js";
export { replayPreStopHook } from "./prestop-replay.js";
export type { PreStopHandler, ReplayPreStopOptions } from "./prestop-replay.js";
export { startWithDeployedTelemetry } from "./telemetry-replay.js";
export type { StartWithDeployedTelemetryOptions } from "./telemetry-replay.js";
