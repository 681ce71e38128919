/**
 * One integration suite, many entry points: a topology starter (replicas as child processes,
 * Envoy in front), the entry points the suite runs through, its table of cases and the
 * Python grpcio client.
 */
export { startTestTopology } from "./test-topology.js";
export type { TestTopology, TestTopologyOptions } from "./test-topology.js";
export { albCaVariable, albEndpointVariable, composeEndpointVariable } from "./entry-points.js";
export { composeEntryPoint, localEntryPoints, remoteEntryPoints } from "./entry-points.js";
export type { EntryPoint, EntryPointKind } from "./entry-points.js";
export { describeEntryPoint } from "./describe-entry-point.js";
export { knownProduct, maxMessageBytes, suiteCases } from "./suite-cases.js";
export type { SuiteCase, SuiteContext } from "./suite-cases.js";
export { generatePythonStubs, pythonClientScript, runPythonClient } from "./python-client.js";
export type { PythonClientResult, PythonClientTargets, PythonStubs } from "./python-client.js";
