import { clientCases } from "./client-cases.js";
import { rpcCases } from "./rpc-cases.js";
import type { SuiteCase } from "./suite-case-support.js";

export { knownProduct, maxMessageBytes } from "./suite-case-support.js";
export type { SuiteCase, SuiteContext } from "./suite-case-support.js";

/**
 * The suite: every case runs against every entry point. Cases that need something only a
 * local topology offers (replica logs, Envoy's admin API) say so in `skip`.
 */
export const suiteCases: readonly SuiteCase[] = [...rpcCases, ...clientCases];
