export { repositoryRoot, resolveToolBinary } from "./tool-binary.js";
export { runTool } from "./run-tool.js";
export type { ToolResult, RunToolOptions } from "./run-tool.js";
export { runCheckov, describeFindings } from "./checkov.js";
export type { CheckovFinding, CheckovReport, CheckovOptions } from "./checkov.js";
export { runCfnLint } from "./cfn-lint.js";
export { kustomizeBuild, validateKubernetesManifests, kubernetesVersion } from "./kubernetes.js";
