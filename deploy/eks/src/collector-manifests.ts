import {
  collectorImage,
  containerUserId,
  otlpGrpcPort,
  renderCollectorConfig,
  type DeployedService,
} from "@switchyard/deploy-settings";

import {
  type KubernetesObject,
  collectorName,
  collectorLabels,
  collectorSelector,
  zoneSpreadConstraint,
  selectorOf,
  dnsEgressRule,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
} from "./kubernetes-manifests.js";

/** The CloudWatch Logs group the collector writes the services' metrics to (embedded metric format). */
export const eksMetricsLogGroup = "/switchyard/eks/metrics";

/**
 * The telemetry collector (AWS Distro for OpenTelemetry) the services export
 * OTLP/gRPC to: its configuration, a Deployment of two replicas spread over
 * zones, a Service on the OTLP port, a PodDisruptionBudget and a NetworkPolicy
 * (OTLP in from the namespace's services, DNS and HTTPS out to X-Ray and
 * CloudWatch). Its ServiceAccount comes from eksctl, with an IAM role
 * (IRSA) allowed to write traces and metrics; the pods never hold static keys.
 *
 * Long by design: declarative Kubernetes objects kept whole, so each reads like the YAML it renders to.
 */
export function renderCollectorObjects(services: readonly DeployedService[]): KubernetesObject[] {
  return [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `${collectorName}-config`, labels: collectorLabels },
      data: {
        "collector.yaml": renderCollectorConfig({
          listenAddress: "0.0.0.0",
          metricsLogGroup: eksMetricsLogGroup,
        }),
      },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: collectorName,
        labels: collectorLabels,
        annotations: {
          "checkov.io/skip1":
            "CKV_K8S_43=The collector image is pinned by exact version from ECR Public and carries telemetry only, never a request; pin its digest with kustomize edit set image where a registry answers",
        },
      },
      spec: {
        replicas: 2,
        revisionHistoryLimit: 5,
        selector: { matchLabels: collectorSelector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: collectorLabels },
          spec: {
            serviceAccountName: collectorName,
            // IRSA mounts its own web identity token; the Kubernetes API token is not needed.
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(containerUserId),
            topologySpreadConstraints: [zoneSpreadConstraint(collectorSelector)],
            containers: [
              {
                name: collectorName,
                image: collectorImage,
                imagePullPolicy: "Always",
                args: ["--config=/etc/otel/collector.yaml"],
                ports: [{ name: "otlp-grpc", containerPort: otlpGrpcPort, protocol: "TCP" }],
                resources: {
                  requests: { cpu: "100m", memory: "256Mi" },
                  limits: { cpu: "500m", memory: "256Mi" },
                },
                // The receiver accepting connections is the signal; the collector's own health
                // extension is not configured, so there is no HTTP endpoint to ask.
                readinessProbe: { tcpSocket: { port: "otlp-grpc" }, periodSeconds: 5, failureThreshold: 2 },
                livenessProbe: { tcpSocket: { port: "otlp-grpc" }, periodSeconds: 10, failureThreshold: 6 },
                securityContext: restrictedContainerSecurityContext(containerUserId),
                volumeMounts: [{ name: "config", mountPath: "/etc/otel", readOnly: true }],
              },
            ],
            volumes: [{ name: "config", configMap: { name: `${collectorName}-config` } }],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: collectorName, labels: collectorLabels },
      spec: {
        type: "ClusterIP",
        selector: collectorSelector,
        ports: [
          {
            name: "otlp-grpc",
            port: otlpGrpcPort,
            targetPort: "otlp-grpc",
            protocol: "TCP",
            appProtocol: "kubernetes.io/h2c",
          },
        ],
      },
    },
    {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: collectorName, labels: collectorLabels },
      spec: { maxUnavailable: 1, selector: { matchLabels: collectorSelector } },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: collectorName, labels: collectorLabels },
      spec: {
        podSelector: { matchLabels: collectorSelector },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          {
            from: services.map((service) => ({ podSelector: { matchLabels: selectorOf(service) } })),
            ports: [{ protocol: "TCP", port: otlpGrpcPort }],
          },
        ],
        egress: [
          dnsEgressRule(),
          // X-Ray, CloudWatch Logs and STS (IRSA) over HTTPS, through the NAT gateways.
          { ports: [{ protocol: "TCP", port: 443 }] },
        ],
      },
    },
  ];
}
