import { stringify } from "yaml";
import { renderFrontProxyConfig } from "@switchyard/envoy-config";
import {
  albSslPolicy,
  envoyImageUserId,
  envoyDrainSeconds,
  envoyTerminationGracePeriodSeconds,
  type DeployedService,
} from "@switchyard/deploy-settings";
import {
  envoyAdminPort,
  envoyImageDigest,
  envoyImageRepository,
  envoyListenerPort,
  renderEnvoyContainer,
} from "./envoy-container.js";
import { renderWebGatewayObjects, webGatewayConfigMapName, webIngressName } from "./web-gateway-manifests.js";
import {
  headlessServiceAddress,
  namespaceName,
  zoneSpreadConstraint,
  type KubernetesObject,
  dnsEgressRule,
  restrictedPodSecurityContext,
} from "./kubernetes-manifests.js";

/** The overlay that puts Envoy, behind an NLB, in front of the services instead of the ALB Ingress. */
export const envoyOverlayName = "envoy-nlb";

const envoyLabels = { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/part-of": "switchyard" };
const envoySelector = { "app.kubernetes.io/name": "envoy" };

/**
 * The Envoy configuration for the cluster: the local platform's front proxy
 * (the same renderer: routes per gRPC service, health checks, outlier detection,
 * retries, gRPC-Web), with each service's headless Service as a STRICT_DNS
 * upstream, so Envoy sees every ready pod and balances every request over them.
 */
export function renderClusterEnvoyConfig(services: readonly DeployedService[]): string {
  return renderFrontProxyConfig({
    services: services.map((service) => ({
      name: service.name,
      grpcServices: service.grpcServices,
      endpoints: [{ host: headlessServiceAddress(service), port: service.port }],
      discovery: "dns",
    })),
    listenerPort: envoyListenerPort,
    adminPort: envoyAdminPort,
    listenerAddress: "0.0.0.0",
  });
}

/**
 * Envoy's objects: its Deployment (config from the generated ConfigMap), a
 * LoadBalancer Service the AWS Load Balancer Controller turns into an NLB with
 * TLS on 443 (ALPN h2 preferred, so gRPC clients speak HTTP/2 and gRPC-Web
 * clients may use HTTP/1.1, which an ALB gRPC target group refuses with 464),
 * a PodDisruptionBudget and its NetworkPolicy.
 *
 * Long by design: declarative Kubernetes objects kept whole, so each reads like the YAML it renders to.
 */
export function renderEnvoyObjects(services: readonly DeployedService[]): KubernetesObject[] {
  const annotationPrefix = "service.beta.kubernetes.io/aws-load-balancer";
  return [
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "envoy", labels: envoyLabels },
      automountServiceAccountToken: false,
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "envoy",
        labels: envoyLabels,
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: envoySelector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: envoyLabels },
          spec: {
            serviceAccountName: "envoy",
            automountServiceAccountToken: false,
            // Counts from the start of preStop: the drain it holds, then SIGTERM and exit.
            terminationGracePeriodSeconds: envoyTerminationGracePeriodSeconds(),
            securityContext: restrictedPodSecurityContext(envoyImageUserId),
            topologySpreadConstraints: [zoneSpreadConstraint(envoySelector)],
            containers: [
              renderEnvoyContainer({
                // Long only because the NLB deregisters late (see envoyDrainSeconds).
                drainSeconds: envoyDrainSeconds,
                // Envoy's admin (/ready) listens on loopback only; the listener accepting TCP is the signal.
                readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 5, failureThreshold: 2 },
              }),
            ],
            volumes: [
              { name: "config", configMap: { name: "envoy-config" } },
              { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name: "envoy",
        labels: envoyLabels,
        annotations: {
          [`${annotationPrefix}-type`]: "external",
          [`${annotationPrefix}-nlb-target-type`]: "ip",
          [`${annotationPrefix}-scheme`]: "internet-facing",
          [`${annotationPrefix}-ssl-cert`]: "arn:aws:acm:eu-west-1:111122223333:certificate/envoy-replace-me",
          [`${annotationPrefix}-ssl-ports`]: "443",
          [`${annotationPrefix}-ssl-negotiation-policy`]: albSslPolicy,
          [`${annotationPrefix}-alpn-policy`]: "HTTP2Preferred",
          // The NLB keeps a deregistering Envoy's connections as long as Envoy drains them.
          [`${annotationPrefix}-target-group-attributes`]: `deregistration_delay.timeout_seconds=${envoyDrainSeconds},preserve_client_ip.enabled=true`,
          // Each NLB node balances over the Envoys of every zone: without it, a node in a
          // zone with one Envoy (two replicas over three zones) sends that zone's whole
          // share to it, and a zone without an Envoy has nothing to send to. It costs
          // inter-AZ data transfer for the share that crosses zones.
          [`${annotationPrefix}-attributes`]: "load_balancing.cross_zone.enabled=true",
        },
      },
      spec: {
        type: "LoadBalancer",
        loadBalancerClass: "service.k8s.aws/nlb",
        selector: envoySelector,
        ports: [{ name: "https", port: 443, targetPort: "http", protocol: "TCP" }],
      },
    },
    {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "envoy", labels: envoyLabels },
      spec: { maxUnavailable: 1, selector: { matchLabels: envoySelector } },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "envoy", labels: envoyLabels },
      spec: {
        podSelector: { matchLabels: envoySelector },
        policyTypes: ["Ingress", "Egress"],
        // The NLB preserves client addresses: any source, on the listener port only.
        ingress: [{ ports: [{ protocol: "TCP", port: envoyListenerPort }] }],
        egress: [
          dnsEgressRule(),
          ...services.map((service) => ({
            to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": service.name } } }],
            ports: [{ protocol: "TCP", port: service.port }],
          })),
        ],
      },
    },
  ];
}

/** The overlay's kustomization: prod's images and scaling, the ALB Ingresses and the web gateway removed, Envoy added. */
export function renderEnvoyOverlayKustomization(services: readonly DeployedService[]): object {
  return {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    namespace: namespaceName,
    resources: ["../prod", "envoy.yaml"],
    // The tag names the version; the digest fixes the bytes (see envoyImageDigest).
    images: [{ name: envoyImageRepository, digest: envoyImageDigest }],
    configMapGenerator: [{ name: "envoy-config", files: ["envoy.yaml=envoy-config.yaml"] }],
    patches: [
      // No ALB: its Ingresses go, and so does the web gateway, whose work (gRPC-Web) this Envoy does.
      ...[
        { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "switchyard" },
        { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: webIngressName },
        ...renderWebGatewayObjects(services).map((object) => ({
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: (object["metadata"] as { name: string }).name,
        })),
        { apiVersion: "v1", kind: "ConfigMap", name: webGatewayConfigMapName },
      ].map(({ apiVersion, kind, name }) => ({
        target: { kind, name },
        patch: stringify({ $patch: "delete", apiVersion, kind, metadata: { name } }),
      })),
      // Each service admits Envoy's pods besides the ALB subnets and its callers.
      ...services.map((service) => ({
        target: { kind: "NetworkPolicy", name: service.name },
        patch: stringify([
          {
            op: "add",
            path: "/spec/ingress/0/from/-",
            value: { podSelector: { matchLabels: envoySelector } },
          },
        ]),
      })),
    ],
  };
}
