/**
 * What starting the platform's processes needs at run time (`npm start`, the test
 * topologies, the contract tests, the benchmark): the workspace root, free loopback
 * ports, and the toolchain's binaries. Test-only helpers live in `@switchyard/testing`.
 */
export { workspaceRoot } from "./workspace-root.js";
export { findFreeLoopbackPort } from "./free-port.js";
export { findToolBinary, resolveToolBinary, toolBinaryVariable } from "./tool-binary.js";
