export { renderFrontProxyConfig, frontProxyListenerName } from "./front-proxy-config.js";
export type { FrontProxyOptions, UpstreamService, UpstreamEndpoint } from "./front-proxy-config.js";
export { localPlatformUpstreams } from "./local-platform-upstreams.js";
