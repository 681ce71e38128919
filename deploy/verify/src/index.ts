export { readDeployedEndpoint } from "./deployed-endpoint.js";
export type { DeployedEndpointSetting } from "./deployed-endpoint.js";
export { verifyEndpoint } from "./verify-endpoint.js";
export type { EndpointReport } from "./verify-endpoint.js";
