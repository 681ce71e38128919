export {
  namespaceName,
  ingressGroupName,
  clusterVpcCidr,
  albSubnetCidrs,
  databaseCidrs,
  databaseSecretKey,
  databaseSecretName,
  certificateArnPlaceholder,
  clusterZones,
  zoneSpreadConstraint,
  exampleAccount,
  collectorName,
  eksMetricsLogGroup,
  renderCollectorObjects,
  loadBalancerAttributes,
  headlessServiceName,
  renderNamespace,
  renderServiceAccount,
  renderDeployment,
  renderServices,
  renderHorizontalPodAutoscaler,
  renderPodDisruptionBudget,
  renderDefaultDenyPolicy,
  renderNetworkPolicy,
  ingressAnnotations,
  renderIngress,
} from "./kubernetes-manifests.js";
export type { KubernetesObject, AccessLogLocation } from "./kubernetes-manifests.js";
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
