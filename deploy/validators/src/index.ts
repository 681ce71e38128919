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
