export { renderFrontProxyConfig } from "./front-proxy-config.js";
export {
  defaultFrontProxyTimings,
  edgeClusterName,
  frontProxyListenerName,
  frontProxyTlsListenerName,
  platformGrpcServices,
  otelCollectorClusterName,
} from "./front-proxy-options.js";
export type {
  FrontProxyOptions,
  FrontProxyTimings,
  FrontProxyTlsOptions,
  FrontProxyTracingOptions,
  UpstreamService,
  UpstreamEndpoint,
} from "./front-proxy-options.js";
export { renderTcpProxyConfig, tcpProxyListenerName } from "./tcp-proxy-config.js";
export type { TcpProxyOptions } from "./tcp-proxy-config.js";
export { ensureDevCertificate } from "./dev-certificate.js";
export type { DevCertificate } from "./dev-certificate.js";
export { localPlatformUpstreams } from "./local-platform-upstreams.js";
export {
  checkedInConfigPath,
  defaultLocalPorts,
  defaultLocalReplicas,
  localDevCertificateDir,
  renderCheckedInConfig,
} from "./checked-in-config.js";
