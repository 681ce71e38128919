export {
  namespaceName,
  ingressGroupName,
  clusterVpcCidr,
  albSubnetCidrs,
  certificateArnPlaceholder,
  clusterZones,
  zoneSpreadConstraint,
  exampleAccount,
  collectorName,
  headlessServiceName,
  renderNamespace,
  renderServiceAccount,
  renderDeployment,
  renderServices,
  renderHorizontalPodAutoscaler,
  renderPodDisruptionBudget,
  renderDefaultDenyPolicy,
  renderNetworkPolicy,
} from "./kubernetes-manifests.js";
export type { KubernetesObject } from "./kubernetes-manifests.js";
export { ingressAnnotations, loadBalancerAttributes, renderIngress } from "./ingress-manifest.js";
export type { AccessLogLocation } from "./ingress-manifest.js";
export { eksMetricsLogGroup, renderCollectorObjects } from "./collector-manifests.js";
export { clusterKubernetesVersion, renderEksctlCluster } from "./eksctl-cluster.js";
export { overlayNames, serviceObjects, renderKustomizeTree } from "./kustomize-tree.js";
export type { OverlayName } from "./kustomize-tree.js";
export { eksDirectory } from "./checked-in-tree.js";
export {
  envoyOverlayName,
  envoyImage,
  envoyImageDigest,
  envoyListenerPort,
  envoyAdminPort,
  envoyDrainVariable,
  envoyPreStopScript,
  renderClusterEnvoyConfig,
  renderMissingHeadlessServices,
  renderEnvoyObjects,
  renderEnvoyOverlayKustomization,
} from "./envoy-nlb-overlay.js";
