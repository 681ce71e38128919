import { stringify } from "yaml";
import { accessLogBucketName, deployedServices, type DeployedService } from "@switchyard/deploy-settings";
import { platformServices, type PlatformService } from "@switchyard/topology";
import { renderEksctlCluster } from "./eksctl-cluster.js";
import {
  envoyOverlayName,
  renderClusterEnvoyConfig,
  renderEnvoyObjects,
  renderEnvoyOverlayKustomization,
} from "./envoy-nlb-overlay.js";
import { authConfigMapName, authSettings, exampleUserPoolId, renderAuthConfigMap } from "./auth-manifests.js";
import { envoyImageDigest, envoyImageRepository } from "./envoy-container.js";
import {
  renderWebGatewayEnvoyConfig,
  renderWebGatewayObjects,
  renderWebIngress,
  webGatewayConfigFile,
  webGatewayConfigMapName,
  webIngressName,
} from "./web-gateway-manifests.js";
import { renderCollectorObjects } from "./collector-manifests.js";
import {
  collectorName,
  exampleAccount,
  ingressGroupName,
  namespaceName,
  renderDefaultDenyPolicy,
  renderDeployment,
  renderHorizontalPodAutoscaler,
  renderNamespace,
  renderNetworkPolicy,
  renderPodDisruptionBudget,
  renderServiceAccount,
  renderServices,
  type KubernetesObject,
} from "./kubernetes-manifests.js";
import { loadBalancerAttributes, renderIngress } from "./ingress-manifest.js";

/** The overlays: one per environment. */
export const overlayNames = ["dev", "prod"] as const;

/** One of {@link overlayNames}. */
export type OverlayName = (typeof overlayNames)[number];

const header = (what: string): string =>
  [
    `# ${what}`,
    "# Generated from libs/topology and deploy/settings by `npm run render -w @switchyard/deploy-eks`; do not edit.",
    "",
  ].join("\n");

function yamlDocuments(objects: readonly object[]): string {
  // YAML 1.1 quoting: kubectl and kubernetes-validate read "off", "on" or "yes" unquoted as booleans.
  return objects.map((object) => stringify(object, { lineWidth: 0, version: "1.1" })).join("---\n");
}

function clientsOf(service: DeployedService, services: readonly DeployedService[]): DeployedService[] {
  return services.filter((candidate) =>
    candidate.dependencies.some((dependency) => dependency.name === service.name),
  );
}

/** Every object of the base for `service`, in apply order. */
export function serviceObjects(
  service: DeployedService,
  services: readonly DeployedService[],
): KubernetesObject[] {
  const clients = clientsOf(service, services);
  return [
    renderServiceAccount(service),
    // Every service gets a headless Service: the web gateway resolves each one's pods.
    ...renderServices(service, true),
    renderDeployment(service),
    renderHorizontalPodAutoscaler(service),
    renderPodDisruptionBudget(service),
    renderNetworkPolicy(service, clients),
  ];
}

/** Replace operations for the values of the `switchyard-auth` ConfigMap that differ in `overlay`. */
function overlayAuthPatch(overlay: OverlayName): object[] {
  const base = authSettings(exampleUserPoolId);
  const environment = authSettings(`${exampleAccount.region}_${overlay}ReplaceMe`, `${overlay}-replace-me`);
  return Object.entries(environment)
    .filter(([name, value]) => base[name] !== value)
    .map(([name, value]) => ({ op: "replace", path: `/data/${name}`, value }));
}

function overlayKustomization(overlay: OverlayName, services: readonly DeployedService[]): object {
  const registry = `${exampleAccount.id}.dkr.ecr.${exampleAccount.region}.amazonaws.com`;
  const certificate = `arn:aws:acm:${exampleAccount.region}:${exampleAccount.id}:certificate/${overlay}-replace-me`;
  const webAcl = `arn:aws:wafv2:${exampleAccount.region}:${exampleAccount.id}:regional/webacl/switchyard-${overlay}/replace-me`;
  const maxReplicas = overlay === "prod" ? 20 : 4;
  return {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources: ["../../base"],
    // Set per release: kustomize edit set image switchyard/<name>=<registry>/switchyard/<name>:<tag>
    images: services.map((service) => ({
      name: `switchyard/${service.name}`,
      newName: `${registry}/switchyard/${service.name}`,
      newTag: "0.1.0",
    })),
    // The same listener settings on both Ingresses of the group: the controller merges them.
    patches: [
      ...["switchyard", webIngressName].map((ingress) => ({
        target: { kind: "Ingress", name: ingress },
        patch: yamlDocuments([
          [
            {
              op: "replace",
              path: "/metadata/annotations/alb.ingress.kubernetes.io~1certificate-arn",
              value: certificate,
            },
            {
              // The web ACL of the environment's SwitchyardEksEdge stack (output WebAclArn).
              op: "replace",
              path: "/metadata/annotations/alb.ingress.kubernetes.io~1wafv2-acl-arn",
              value: webAcl,
            },
            {
              op: "replace",
              path: "/metadata/annotations/alb.ingress.kubernetes.io~1group.name",
              value: `${ingressGroupName}-${overlay}`,
            },
            {
              // The account's log bucket (the CDK app's SwitchyardAlbLogs stack), one prefix per environment.
              op: "replace",
              path: "/metadata/annotations/alb.ingress.kubernetes.io~1load-balancer-attributes",
              value: loadBalancerAttributes({
                bucket: accessLogBucketName(exampleAccount.id, exampleAccount.region),
                prefix: `${ingressGroupName}-${overlay}`,
              }),
            },
          ],
        ]),
      })),
      {
        // The environment's user pool (the SwitchyardEksEdge stack's outputs of the same names).
        target: { kind: "ConfigMap", name: authConfigMapName },
        patch: yamlDocuments([overlayAuthPatch(overlay)]),
      },
      ...services.map((service) => ({
        target: { kind: "HorizontalPodAutoscaler", name: service.name },
        patch: yamlDocuments([[{ op: "replace", path: "/spec/maxReplicas", value: maxReplicas }]]),
      })),
    ],
  };
}

/**
 * The checked-in EKS tree, path (relative to deploy/eks) → file content: the
 * Kustomize base (namespace, one file per service, the Ingress, the default-deny
 * policy), the dev and prod overlays, and the eksctl cluster config.
 *
 * Long by design: the tree's files listed in one place, base then overlays, as they land on disk.
 */
export function renderKustomizeTree(
  topology: readonly PlatformService[] = platformServices,
): Map<string, string> {
  const services = deployedServices(topology);
  const files = new Map<string, string>();
  const serviceFiles = services.map((service) => `${service.name}.yaml`);
  files.set(
    "base/kustomization.yaml",
    header("Kustomize base: every Switchyard service on EKS behind the AWS Load Balancer Controller.") +
      stringify(
        {
          apiVersion: "kustomize.config.k8s.io/v1beta1",
          kind: "Kustomization",
          namespace: namespaceName,
          resources: [
            "namespace.yaml",
            "network-policy-default-deny.yaml",
            "auth.yaml",
            ...serviceFiles,
            `${collectorName}.yaml`,
            "web-gateway.yaml",
            "ingress.yaml",
            "ingress-web.yaml",
          ],
          configMapGenerator: [
            { name: webGatewayConfigMapName, files: [`envoy.yaml=${webGatewayConfigFile}`] },
          ],
          // The tag names the version; the digest fixes the bytes (see envoyImageDigest).
          images: [{ name: envoyImageRepository, digest: envoyImageDigest }],
        },
        { lineWidth: 0 },
      ),
  );
  files.set(
    "base/namespace.yaml",
    header("The namespace, with ALB pod readiness gates.") + yamlDocuments([renderNamespace()]),
  );
  files.set(
    "base/network-policy-default-deny.yaml",
    header("No traffic to or from the namespace's pods unless a service's policy allows it.") +
      yamlDocuments([renderDefaultDenyPolicy()]),
  );
  files.set(
    "base/auth.yaml",
    header("Token checks: the Cognito user pool of the SwitchyardEksEdge stack (replace with its outputs).") +
      yamlDocuments([renderAuthConfigMap()]),
  );
  for (const service of services) {
    files.set(
      `base/${service.name}.yaml`,
      header(`${service.name}: ServiceAccount, Services, Deployment, HPA, PDB, NetworkPolicy.`) +
        yamlDocuments(serviceObjects(service, services)),
    );
  }
  files.set(
    `base/${collectorName}.yaml`,
    header("The telemetry collector: OTLP from the services to X-Ray and CloudWatch.") +
      yamlDocuments(renderCollectorObjects(services)),
  );
  files.set(
    "base/ingress.yaml",
    header(`One ALB (group ${ingressGroupName}) routing each gRPC service to its pods.`) +
      yamlDocuments([renderIngress(services)]),
  );
  files.set(
    "base/web-gateway.yaml",
    header(
      "The web gateway: Envoy for browsers (gRPC-Web) behind the ALB; Deployment, Service, PDB, NetworkPolicy.",
    ) + yamlDocuments(renderWebGatewayObjects(services)),
  );
  files.set(
    `base/${webGatewayConfigFile}`,
    header(
      "The web gateway's Envoy bootstrap: headless Services as STRICT_DNS upstreams; set the storefront origin.",
    ) + renderWebGatewayEnvoyConfig(services),
  );
  files.set(
    "base/ingress-web.yaml",
    header(
      `gRPC-Web and CORS preflights to the web gateway, in ALB group ${ingressGroupName} before the gRPC rules.`,
    ) + yamlDocuments([renderWebIngress(services)]),
  );
  for (const overlay of overlayNames) {
    files.set(
      `overlays/${overlay}/kustomization.yaml`,
      header(
        `The ${overlay} environment: image registry and tags, certificate, web ACL, ALB group and access logs, scaling.`,
      ) + stringify(overlayKustomization(overlay, services), { lineWidth: 0 }),
    );
  }
  files.set(
    `overlays/${envoyOverlayName}/kustomization.yaml`,
    header("prod with Envoy behind an NLB instead of the ALB Ingress (the L7 proxy behind an L4 balancer).") +
      stringify(renderEnvoyOverlayKustomization(services), { lineWidth: 0 }),
  );
  files.set(
    `overlays/${envoyOverlayName}/envoy.yaml`,
    header("Envoy: Deployment, NLB Service, PDB, NetworkPolicy.") +
      yamlDocuments(renderEnvoyObjects(services)),
  );
  files.set(
    `overlays/${envoyOverlayName}/envoy-config.yaml`,
    header("Envoy bootstrap: the front-proxy renderer, headless Services as STRICT_DNS upstreams.") +
      renderClusterEnvoyConfig(services),
  );
  files.set(
    "cluster/eksctl-cluster.yaml",
    header("eksctl create cluster -f deploy/eks/cluster/eksctl-cluster.yaml") +
      stringify(renderEksctlCluster(), { lineWidth: 0 }),
  );
  return files;
}
