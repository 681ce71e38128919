import {
  containerUserId,
  databaseSettings,
  livenessCommand,
  otlpGrpcPort,
  preStopSleepSeconds,
  productionRuntimeEnvironment,
  runtimeEnvironment,
  terminationGracePeriodSeconds,
  webGatewayName,
  type DeployedService,
} from "@switchyard/deploy-settings";
import { databaseUrlVariable, dependencyAddress } from "@switchyard/topology";
import { authEnvironment } from "./auth-manifests.js";
import { partOf } from "./manifest-names.js";

export { exampleAccount, partOf } from "./manifest-names.js";

/** A Kubernetes object as plain data, ready for YAML. */
export type KubernetesObject = Record<string, unknown> & { apiVersion: string; kind: string };

/** The namespace every Switchyard object lives in. */
export const namespaceName = "switchyard";

/** The ALB ingress group: every Ingress with this name shares one ALB. */
export const ingressGroupName = "switchyard";

/**
 * The VPC CIDR of the eksctl cluster (see eksctl-cluster.ts): the ALB's nodes
 * live in it, and with IP targets they connect to pods from these addresses.
 */
export const clusterVpcCidr = "10.40.0.0/16";

/**
 * The public subnets of that VPC, where the internet-facing ALB's nodes live.
 * eksctl splits a new VPC into /19s, public subnets first (one per zone), then
 * private ones; nodes and pods (VPC CNI addresses) are in the private subnets,
 * so admitting only these ranges admits the ALB and no pod. With an existing
 * VPC, list its ALB subnets here.
 */
export const albSubnetCidrs: readonly string[] = ["10.40.0.0/19", "10.40.32.0/19", "10.40.64.0/19"];

/**
 * The Secret that holds `DATABASE_URL` (key {@link databaseSecretKey}) for the services that
 * own data. Not part of the manifests: it carries a password, so it is created in the
 * cluster (kubectl, External Secrets or the Secrets Store CSI driver; see deploy/README.md)
 * and only referenced here. A pod that owns data does not start until it exists.
 */
export const databaseSecretName = "switchyard-database";

/** The key of {@link databaseSecretName} that holds the URL. */
export const databaseSecretKey = "url";

/**
 * Where the database is, for the network policies of the services that own data: the
 * cluster's VPC (Aurora in its private subnets, or RDS peered into it). Narrow it to the
 * database subnets' CIDRs when they are known.
 */
export const databaseCidrs: readonly string[] = [clusterVpcCidr];

/**
 * Placeholder the overlays replace with the web ACL of the `SwitchyardEksEdge` stack
 * (deploy/ecs): AWS WAF in front of the Ingress's ALB, as on ECS.
 */
export const webAclArnPlaceholder =
  "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/switchyard/replace-me";

/** Placeholder the overlays replace with a real ACM certificate ARN. */
export const certificateArnPlaceholder = "arn:aws:acm:us-east-1:111122223333:certificate/replace-me";

/** Name of the telemetry collector's Deployment, Service, ConfigMap and (eksctl-created, IRSA) ServiceAccount. */
export const collectorName = "otel-collector";

/** Labels of the OpenTelemetry collector's objects. */
export const collectorLabels = {
  "app.kubernetes.io/name": collectorName,
  "app.kubernetes.io/part-of": partOf,
};
/** How the collector's pods are selected. */
export const collectorSelector = { "app.kubernetes.io/name": collectorName };

function labelsOf(service: DeployedService): Record<string, string> {
  return { "app.kubernetes.io/name": service.name, "app.kubernetes.io/part-of": partOf };
}

/** The NetworkPolicy egress rule every pod needs: DNS (UDP and TCP 53) to the cluster's kube-dns. */
export function dnsEgressRule(): Record<string, unknown> {
  return {
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
  };
}

/**
 * A pod's security context under the "restricted" Pod Security Standard: not root, as
 * `userId`, with the runtime's default seccomp profile; `fsGroup` when its volumes must be
 * writable by that user.
 */
export function restrictedPodSecurityContext(
  userId: number,
  options: { readonly fsGroup?: boolean } = {},
): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: userId,
    runAsGroup: userId,
    ...(options.fsGroup === true ? { fsGroup: userId } : {}),
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/**
 * A container's security context under the "restricted" Pod Security Standard, as `userId`:
 * no privilege escalation, a read-only root filesystem, every capability dropped.
 */
export function restrictedContainerSecurityContext(userId: number): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: userId,
    runAsGroup: userId,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** How the pods of `service` are selected. */
export function selectorOf(service: DeployedService): Record<string, string> {
  return { "app.kubernetes.io/name": service.name };
}

/** The zones the eksctl cluster's nodes run in (eksctl-cluster.ts); pods spread over all of them. */
export const clusterZones: readonly string[] = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

/**
 * A hard spread over zones for the pods `selector` matches: `DoNotSchedule`, so
 * a pod stays Pending rather than doubling up in one zone while another has
 * none (an AZ loss would take both), and `minDomains` = the cluster's zones, so
 * while fewer zones have eligible nodes (a node group still scaling up in the
 * third zone) the scheduler counts the missing zone as empty instead of
 * packing the first two. The cost, accepted: while one zone can hold no pod
 * (its node group still scaling up, or a zone outage), each other zone takes at
 * most one pod of the Deployment (maxSkew 1 over a minimum of 0), so scale-out
 * waits for a node there; during a long zone outage, relax the spread
 * (`whenUnsatisfiable: ScheduleAnyway`) in an overlay.
 */
export function zoneSpreadConstraint(selector: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    maxSkew: 1,
    topologyKey: "topology.kubernetes.io/zone",
    whenUnsatisfiable: "DoNotSchedule",
    minDomains: clusterZones.length,
    labelSelector: { matchLabels: { ...selector } },
  };
}

/** The headless Service name of `service`: its clients resolve every ready pod's IP from it. */
export function headlessServiceName(service: { name: string }): string {
  return `${service.name}-pods`;
}

/** The cluster DNS name of `service`'s headless Service. */
export function headlessServiceAddress(service: { name: string }): string {
  return `${headlessServiceName(service)}.${namespaceName}.svc.cluster.local`;
}

/** The web gateway's pods (Envoy for browsers, see web-gateway-manifests.ts), which call every service. */
export const webGatewaySelector = { "app.kubernetes.io/name": webGatewayName };

/**
 * The namespace, labelled so the AWS Load Balancer Controller injects pod
 * readiness gates (a rollout waits until new pods are healthy in the ALB target
 * group) and so the restricted Pod Security Standard is enforced.
 */
export function renderNamespace(): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: namespaceName,
      labels: {
        "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
        "pod-security.kubernetes.io/enforce": "restricted",
      },
    },
  };
}

/** A ServiceAccount per service, without an API token: the services never call the Kubernetes API. */
export function renderServiceAccount(service: DeployedService): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: service.name, labels: labelsOf(service) },
    automountServiceAccountToken: false,
  };
}

/**
 * The service's Deployment: native gRPC probes (startup and liveness on the
 * whole server, readiness on the service's own health name), the drain timings
 * in the environment, a preStop sleep and a termination grace period derived
 * from them, a locked-down security context, and spreading across zones and nodes.
 *
 * Long by design: one Deployment object kept whole, so it reads like the YAML it renders to.
 */
export function renderDeployment(
  service: DeployedService,
  namespace: string = namespaceName,
): KubernetesObject {
  const [healthName = ""] = service.grpcServices;
  const cpuMillis = Math.round((service.sizing.cpuUnits * 1000) / 1024);
  const environment = {
    ...runtimeEnvironment(
      service,
      // The headless Service resolves to every ready pod: a grpc-js client (dns:///, round_robin)
      // balances each call over them; a ClusterIP would pin one connection to one pod. A URL
      // list client connects to one resolved address per URL (see deploy/README.md).
      (dependency) =>
        dependencyAddress(dependency.form, [
          {
            host: `${headlessServiceName(dependency)}.${namespace}.svc.cluster.local`,
            port: dependency.port,
          },
        ]),
      { otlpEndpoint: `http://${collectorName}.${namespace}.svc.cluster.local:${otlpGrpcPort}` },
    ),
    ...productionRuntimeEnvironment,
  };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: service.name,
      labels: labelsOf(service),
      annotations: {
        // checkov reads skips from annotations; the reason ships with the manifest.
        "checkov.io/skip1":
          "CKV_K8S_43=Images are pinned by immutable tags (ECR tag immutability, see deploy/README.md); CI may pin digests with kustomize edit set image name@sha256:...",
        ...(service.ownsData === true
          ? {
              "checkov.io/skip2":
                "CKV_K8S_35=The services read DATABASE_URL from the environment, as on every target; the Secret is referenced, never copied into the manifest",
            }
          : {}),
      },
    },
    spec: {
      // No replicas: the HorizontalPodAutoscaler owns the count (re-applying would reset it).
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorOf(service) },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
      template: {
        metadata: { labels: labelsOf(service) },
        spec: {
          serviceAccountName: service.name,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: terminationGracePeriodSeconds(),
          securityContext: restrictedPodSecurityContext(containerUserId, { fsGroup: true }),
          topologySpreadConstraints: [
            { ...zoneSpreadConstraint(selectorOf(service)), matchLabelKeys: ["pod-template-hash"] },
            {
              // Nodes: a preference only; a zone may hold fewer nodes than pods.
              maxSkew: 1,
              topologyKey: "kubernetes.io/hostname",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: selectorOf(service) },
              matchLabelKeys: ["pod-template-hash"],
            },
          ],
          containers: [
            {
              name: service.name,
              image: `switchyard/${service.name}`,
              imagePullPolicy: "Always",
              ports: [{ name: "grpc", containerPort: service.port, protocol: "TCP" }],
              env: [
                ...Object.entries(environment).map(([name, value]) => ({ name, value })),
                ...authEnvironment(service),
                ...(service.ownsData === true
                  ? [
                      {
                        name: databaseUrlVariable,
                        valueFrom: {
                          secretKeyRef: { name: databaseSecretName, key: databaseSecretKey, optional: false },
                        },
                      },
                    ]
                  : []),
              ],
              resources: {
                requests: { cpu: `${cpuMillis}m`, memory: `${service.sizing.memoryMiB}Mi` },
                limits: { cpu: `${cpuMillis * 4}m`, memory: `${service.sizing.memoryMiB}Mi` },
              },
              startupProbe: {
                grpc: { port: service.port, service: "" },
                periodSeconds: 1,
                failureThreshold: 30,
              },
              readinessProbe: {
                grpc: { port: service.port, service: healthName },
                periodSeconds: 5,
                timeoutSeconds: 2,
                failureThreshold: 2,
              },
              // Alive = answers the health protocol, SERVING or NOT_SERVING (see
              // livenessCommand): a drain or a dependency outage takes the pod out of
              // rotation through readiness, never restarts it. Native gRPC probes
              // only pass on SERVING, hence exec.
              livenessProbe: {
                exec: { command: ["/bin/sh", "-c", livenessCommand(service.port)] },
                periodSeconds: 10,
                timeoutSeconds: 5,
                failureThreshold: 3,
              },
              lifecycle: { preStop: { sleep: { seconds: preStopSleepSeconds } } },
              securityContext: restrictedContainerSecurityContext(containerUserId),
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
        },
      },
    },
  };
}

/**
 * The Services of `service`: a ClusterIP Service the Ingress targets (with IP
 * targets the controller registers its endpoints' pod IPs), and, when other
 * services call it, a headless Service whose DNS name resolves to every ready
 * pod so the callers balance per request.
 */
export function renderServices(service: DeployedService, hasClients: boolean): KubernetesObject[] {
  const port = {
    name: "grpc",
    port: service.port,
    targetPort: "grpc",
    protocol: "TCP",
    appProtocol: "kubernetes.io/h2c",
  };
  const services: KubernetesObject[] = [
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: service.name, labels: labelsOf(service) },
      spec: { type: "ClusterIP", selector: selectorOf(service), ports: [port] },
    },
  ];
  if (hasClients) {
    services.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: headlessServiceName(service), labels: labelsOf(service) },
      spec: { clusterIP: "None", selector: selectorOf(service), ports: [port] },
    });
  }
  return services;
}

/** CPU-based autoscaling between the service's minimum and maximum replicas. */
export function renderHorizontalPodAutoscaler(service: DeployedService): KubernetesObject {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: service.name, labels: labelsOf(service) },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: service.name },
      minReplicas: service.sizing.minReplicas,
      maxReplicas: service.sizing.maxReplicas,
      metrics: [
        {
          type: "Resource",
          resource: {
            name: "cpu",
            target: { type: "Utilization", averageUtilization: service.sizing.targetCpuPercent },
          },
        },
      ],
    },
  };
}

/** At most one pod of the service down for voluntary disruptions (node drains, upgrades). */
export function renderPodDisruptionBudget(service: DeployedService): KubernetesObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: service.name, labels: labelsOf(service) },
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(service) } },
  };
}

/** Denies all traffic to and from the namespace's pods unless a policy below allows it. */
export function renderDefaultDenyPolicy(): KubernetesObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny" },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  };
}

/**
 * What `service`'s pods may receive and send: gRPC on its port from the ALB
 * (its public subnets), from the services that call it and from the web gateway; DNS, gRPC to its
 * dependencies' pods, HTTPS to Cognito and, for a service that owns data, PostgreSQL
 * ({@link databaseCidrs}), out.
 */
export function renderNetworkPolicy(
  service: DeployedService,
  clients: readonly DeployedService[],
): KubernetesObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: service.name, labels: labelsOf(service) },
    spec: {
      podSelector: { matchLabels: selectorOf(service) },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [
            ...albSubnetCidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ...clients.map((client) => ({ podSelector: { matchLabels: selectorOf(client) } })),
            { podSelector: { matchLabels: webGatewaySelector } },
          ],
          ports: [{ protocol: "TCP", port: service.port }],
        },
      ],
      egress: [
        dnsEgressRule(),
        ...service.dependencies.map((dependency) => ({
          to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": dependency.name } } }],
          ports: [{ protocol: "TCP", port: dependency.port }],
        })),
        // Traces and metrics to the collector.
        {
          to: [{ podSelector: { matchLabels: collectorSelector } }],
          ports: [{ protocol: "TCP", port: otlpGrpcPort }],
        },
        // Cognito over HTTPS: the issuer's keys (JWKS) for every service, the token endpoint
        // for checkout. Its endpoints are public, with no fixed addresses and no VPC endpoint
        // for the OAuth domain, so any address on 443 outside the cluster's own network.
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [clusterVpcCidr] } }],
          ports: [{ protocol: "TCP", port: 443 }],
        },
        // PostgreSQL, for the services that own data only.
        ...(service.ownsData === true
          ? [
              {
                to: databaseCidrs.map((cidr) => ({ ipBlock: { cidr } })),
                ports: [{ protocol: "TCP", port: databaseSettings.port }],
              },
            ]
          : []),
      ],
    },
  };
}
