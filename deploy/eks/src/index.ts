export { namespaceName, ingressGroupName, clusterVpcCidr, albSubnetCidrs } from "./kubernetes-manifests.js";
export { certificateArnPlaceholder, clusterZones, zoneSpreadConstraint } from "./kubernetes-manifests.js";
export { exampleAccount, collectorName, headlessServiceName } from "./kubernetes-manifests.js";
export { renderNamespace, renderServiceAccount, renderDeployment } from "./kubernetes-manifests.js";
export { renderServices, renderHorizontalPodAutoscaler } from "./kubernetes-manifests.js";
export { renderPodDisruptionBudget, renderDefaultDenyPolicy } from "./kubernetes-manifests.js";
export { renderNetworkPolicy } from "./kubernetes-manifests.js";
export type { KubernetesObject } from "./kubernetes-manifests.js";
export {
  ingressAnnotations,
  ingressGroupOrders,
  loadBalancerAttributes,
  renderIngress,
} from "./ingress-manifest.js";
export type { AccessLogLocation } from "./ingress-manifest.js";
export { eksMetricsLogGroup, renderCollectorObjects } from "./collector-manifests.js";
export { databaseCidrs, databaseSecretKey, databaseSecretName } from "./kubernetes-manifests.js";
export { clusterKubernetesVersion, renderEksctlCluster } from "./eksctl-cluster.js";
export { overlayNames, serviceObjects, renderKustomizeTree } from "./kustomize-tree.js";
export type { OverlayName } from "./kustomize-tree.js";
export { eksDirectory } from "./checked-in-tree.js";
export { envoyOverlayName, renderClusterEnvoyConfig } from "./envoy-nlb-overlay.js";
export { envoyImageDigest, envoyImageRepository, envoyListenerPort } from "./envoy-container.js";
export {
  envoyAdminPort,
  envoyDrainVariable,
  envoyPreStopScript,
  renderEnvoyContainer,
} from "./envoy-container.js";
export type { EnvoyContainerOptions, EnvoyPreStopOptions } from "./envoy-container.js";
export { renderEnvoyObjects, renderEnvoyOverlayKustomization } from "./envoy-nlb-overlay.js";
export { webAclArnPlaceholder } from "./kubernetes-manifests.js";
export { authConfigMapName, clientCredentialsSecretName, clientSecretKey } from "./auth-manifests.js";
export { authEnvironment, renderAuthConfigMap, usesClientCredentials } from "./auth-manifests.js";
export {
  renderWebGatewayEnvoyConfig,
  renderWebGatewayObjects,
  renderWebIngress,
} from "./web-gateway-manifests.js";
export {
  storefrontOriginPlaceholder,
  webGatewayConfigFile,
  webGatewayConfigMapName,
} from "./web-gateway-manifests.js";
export { webIngressName } from "./web-gateway-manifests.js";
export { headlessServiceAddress, webGatewaySelector } from "./kubernetes-manifests.js";
