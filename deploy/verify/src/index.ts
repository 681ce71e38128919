export { readDeployedEndpoint } from "./deployed-endpoint.js";
export type { DeployedEndpointSetting } from "./deployed-endpoint.js";
