import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import {
  albIdleTimeoutSeconds,
  albSslPolicy,
  deployedServices,
  deregistrationDelaySeconds,
  healthyGrpcCodes,
  livenessCommand,
  loadBalancerProbePath,
} from "@switchyard/deploy-settings";
import {
  describeFindings,
  kustomizeBuild,
  runCheckov,
  validateKubernetesManifests,
  type CheckovReport,
} from "@switchyard/deploy-validators";
import { validateEnvoyConfig } from "@switchyard/launcher";
import { eksDirectory } from "./checked-in-tree.js";
import { certificateArnPlaceholder, namespaceName } from "./kubernetes-manifests.js";
import { envoyOverlayName } from "./envoy-nlb-overlay.js";
import { overlayNames, type OverlayName } from "./kustomize-tree.js";

interface Manifest {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
}

interface Container {
  name: string;
  image: string;
  ports: { name: string; containerPort: number }[];
  startupProbe: { grpc: { port: number; service: string } };
  readinessProbe: { grpc: { port: number; service: string } };
  livenessProbe: { exec: { command: string[] }; periodSeconds: number; failureThreshold: number };
}

let dir = "";
const built = new Map<OverlayName, Manifest[]>();
const files: string[] = [];
let checkov: CheckovReport | undefined;
let envoyManifests: Manifest[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchyard-eks-"));
  for (const overlay of overlayNames) {
    const yaml = await kustomizeBuild(join(eksDirectory, "overlays", overlay));
    const file = join(dir, `${overlay}.yaml`);
    await writeFile(file, yaml);
    files.push(file);
    built.set(
      overlay,
      parseAllDocuments(yaml).map((document) => document.toJS() as Manifest),
    );
  }
  const envoyYaml = await kustomizeBuild(join(eksDirectory, "overlays", envoyOverlayName));
  const envoyFile = join(dir, `${envoyOverlayName}.yaml`);
  await writeFile(envoyFile, envoyYaml);
  files.push(envoyFile);
  envoyManifests = parseAllDocuments(envoyYaml).map((document) => document.toJS() as Manifest);
  // checkov takes seconds: once for every overlay.
  checkov = await runCheckov({ framework: "kubernetes", files });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function manifests(overlay: OverlayName): Manifest[] {
  const found = built.get(overlay);
  assert.ok(found, `${overlay} was built`);
  return found;
}

function one(overlay: OverlayName, kind: string, name: string): Manifest {
  const found = manifests(overlay).filter(
    (manifest) => manifest.kind === kind && manifest.metadata.name === name,
  );
  assert.equal(found.length, 1, `${overlay}: one ${kind}/${name}`);
  const [manifest] = found;
  assert.ok(manifest);
  return manifest;
}

const services = deployedServices();

describe("kustomize build of every overlay", () => {
  it("when validated against the Kubernetes schemas (strict), then every object is valid", async () => {
    await validateKubernetesManifests(files);
  });

  it("when checkov scans the built manifests, then no check fails and every skip says why", () => {
    assert.ok(checkov);
    assert.ok(checkov.passed > 50, `checkov ran its Kubernetes checks (${checkov.passed} passed)`);
    assert.equal(checkov.failed.length, 0, describeFindings(checkov.failed));
    for (const skipped of checkov.skipped) {
      assert.ok((skipped.suppressComment ?? "").length > 20, `${skipped.checkId} has a reason`);
    }
  });

  it("when a pod pulls an image, then the reference names an explicit tag (never latest) or a digest", () => {
    const all = [...overlayNames.flatMap((overlay) => manifests(overlay)), ...envoyManifests];
    const images = JSON.stringify(all).match(/"image":"[^"]+"/g) ?? [];
    assert.ok(images.length > 0);
    for (const entry of images) {
      const image = entry.slice('"image":"'.length, -1);
      const tag = /:([\w][\w.-]*)$/.exec(image.replace(/^[^/]+\//, ""))?.[1];
      assert.ok(
        image.includes("@sha256:") || (tag !== undefined && tag !== "latest"),
        `${image}: a tag or digest, never latest`,
      );
    }
  });

  it("when built, then every namespaced object lands in the labelled switchyard namespace", () => {
    for (const overlay of overlayNames) {
      const namespace = one(overlay, "Namespace", namespaceName);
      assert.equal(namespace.metadata.labels?.["elbv2.k8s.aws/pod-readiness-gate-inject"], "enabled");
      for (const manifest of manifests(overlay)) {
        if (manifest.kind !== "Namespace")
          assert.equal(manifest.metadata.namespace, namespaceName, manifest.kind);
      }
    }
  });
});

describe("ports, probes and routes agree", () => {
  it("when a pod is probed, then every probe and Service targets the container's gRPC port", () => {
    for (const overlay of overlayNames) {
      for (const service of services) {
        const deployment = one(overlay, "Deployment", service.name) as Manifest & {
          spec: { template: { spec: { containers: Container[] } } };
        };
        const [container] = deployment.spec.template.spec.containers;
        assert.ok(container);
        assert.deepEqual(container.ports, [{ name: "grpc", containerPort: service.port, protocol: "TCP" }]);
        assert.equal(container.startupProbe.grpc.port, service.port);
        assert.deepEqual(container.livenessProbe.exec.command, [
          "/bin/sh",
          "-c",
          livenessCommand(service.port),
        ]);
        assert.deepEqual(container.readinessProbe.grpc, {
          port: service.port,
          service: service.grpcServices[0],
        });
        assert.equal(container.startupProbe.grpc.service, "", "startup: the whole server");
        assert.ok(container.image.endsWith(`/switchyard/${service.name}:0.1.0`), container.image);
        const kubeService = one(overlay, "Service", service.name) as Manifest & {
          spec: { ports: { port: number; targetPort: string }[] };
        };
        assert.deepEqual(
          kubeService.spec.ports.map((port) => [port.port, port.targetPort]),
          [[service.port, "grpc"]],
        );
      }
    }
  });

  it("when the ALB routes, then each gRPC service's path goes to its own Service", () => {
    for (const overlay of overlayNames) {
      const ingress = one(overlay, "Ingress", "switchyard") as Manifest & {
        spec: { rules: { http: { paths: { path: string; backend: { service: { name: string } } }[] } }[] };
      };
      const routes = ingress.spec.rules.flatMap((rule) =>
        rule.http.paths.map((path) => [path.path, path.backend.service.name]),
      );
      assert.deepEqual(
        routes,
        services.flatMap((service) => service.albPathPatterns.map((pattern) => [pattern, service.name])),
      );
    }
  });

  it("when the controller reads the Ingress, then every gRPC annotation is set and the certificate is real", () => {
    for (const overlay of overlayNames) {
      const annotations = one(overlay, "Ingress", "switchyard").metadata.annotations ?? {};
      const get = (key: string): string | undefined => annotations[`alb.ingress.kubernetes.io/${key}`];
      assert.equal(get("listen-ports"), '[{"HTTPS":443}]');
      assert.equal(get("backend-protocol-version"), "GRPC");
      assert.equal(get("target-type"), "ip");
      assert.equal(get("healthcheck-path"), loadBalancerProbePath);
      assert.equal(get("success-codes"), healthyGrpcCodes);
      assert.equal(get("ssl-policy"), albSslPolicy);
      assert.equal(get("group.name"), `switchyard-${overlay}`);
      assert.match(
        get("load-balancer-attributes") ?? "",
        new RegExp(`idle_timeout.timeout_seconds=${albIdleTimeoutSeconds}\\b`),
      );
      assert.match(
        get("target-group-attributes") ?? "",
        new RegExp(`(^|,)deregistration_delay\\.timeout_seconds=${deregistrationDelaySeconds()}(,|$)`),
      );
      const attributes = new Map(
        (get("load-balancer-attributes") ?? "").split(",").map((pair) => pair.split("=") as [string, string]),
      );
      assert.equal(attributes.get("deletion_protection.enabled"), "true", "deletion protection, as on ECS");
      assert.equal(attributes.get("access_logs.s3.enabled"), "true");
      assert.match(
        attributes.get("access_logs.s3.bucket") ?? "",
        /^switchyard-alb-logs-\d{12}-[a-z]+-[a-z]+-\d$/,
      );
      assert.equal(
        attributes.get("access_logs.s3.prefix"),
        `switchyard-${overlay}`,
        "one prefix per environment",
      );
      assert.match(get("certificate-arn") ?? "", /^arn:aws:acm:/);
      assert.notEqual(get("certificate-arn"), certificateArnPlaceholder, "the overlay sets its certificate");
    }
  });
});

describe("availability", () => {
  interface SpreadConstraint {
    topologyKey: string;
    whenUnsatisfiable: string;
    minDomains?: number;
  }
  const zonesOfCluster = async (): Promise<string[]> =>
    (
      parse(await readFile(join(eksDirectory, "cluster", "eksctl-cluster.yaml"), "utf8")) as {
        availabilityZones: string[];
      }
    ).availabilityZones;

  it("when pods are scheduled, then every Deployment spreads hard over all of the cluster's zones", async () => {
    const zones = await zonesOfCluster();
    assert.ok(zones.length >= 3, "the cluster spans three zones");
    const deployments = [...overlayNames.flatMap((overlay) => manifests(overlay)), ...envoyManifests].filter(
      (manifest) => manifest.kind === "Deployment",
    );
    assert.ok(deployments.some((deployment) => deployment.metadata.name === "envoy"));
    for (const deployment of deployments) {
      const constraints = (
        deployment.spec as { template: { spec: { topologySpreadConstraints?: SpreadConstraint[] } } }
      ).template.spec.topologySpreadConstraints;
      const zone = constraints?.find(
        (constraint) => constraint.topologyKey === "topology.kubernetes.io/zone",
      );
      assert.equal(zone?.whenUnsatisfiable, "DoNotSchedule", deployment.metadata.name);
      assert.equal(zone.minDomains, zones.length, `${deployment.metadata.name}: minDomains = zones`);
    }
  });

  it("when nodes reach AWS APIs and ECR, then each zone has its own NAT gateway", async () => {
    const cluster = parse(await readFile(join(eksDirectory, "cluster", "eksctl-cluster.yaml"), "utf8")) as {
      vpc: { nat?: { gateway?: string } };
    };
    assert.equal(cluster.vpc.nat?.gateway, "HighlyAvailable");
  });
});

describe("envoy-nlb overlay", () => {
  const kinds = (kind: string): Manifest[] => envoyManifests.filter((manifest) => manifest.kind === kind);

  it("when the NLB balances, then cross-zone load balancing is on", () => {
    const [service] = kinds("Service").filter((manifest) => manifest.metadata.name === "envoy");
    const attributes =
      service?.metadata.annotations?.["service.beta.kubernetes.io/aws-load-balancer-attributes"];
    assert.match(attributes ?? "", /(^|,)load_balancing\.cross_zone\.enabled=true(,|$)/);
  });

  it("when Envoy's image is pulled, then it comes from ECR Public, pinned by digest", () => {
    const [deployment] = kinds("Deployment").filter((manifest) => manifest.metadata.name === "envoy");
    const image = JSON.stringify(deployment?.spec).match(/"image":"([^"]+)"/)?.[1] ?? "";
    assert.match(image, /^public\.ecr\.aws\/envoyproxy\/envoy@sha256:/);
  });

  it("when built, then Envoy behind an NLB replaces the ALB Ingress", () => {
    assert.deepEqual(kinds("Ingress"), []);
    const [service] = kinds("Service").filter((manifest) => manifest.metadata.name === "envoy");
    assert.ok(service);
    const annotations = service.metadata.annotations ?? {};
    assert.equal(annotations["service.beta.kubernetes.io/aws-load-balancer-type"], "external");
    assert.equal(annotations["service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"], "ip");
    assert.equal(annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-ports"], "443");
    assert.equal(annotations["service.beta.kubernetes.io/aws-load-balancer-alpn-policy"], "HTTP2Preferred");
  });

  it("when Envoy resolves the services, then each has a headless Service and admits Envoy's pods", () => {
    for (const service of services) {
      const headless = kinds("Service").find((manifest) => manifest.metadata.name === `${service.name}-pods`);
      assert.equal((headless?.spec as { clusterIP?: string } | undefined)?.clusterIP, "None", service.name);
      const policy = JSON.stringify(
        kinds("NetworkPolicy").find((manifest) => manifest.metadata.name === service.name),
      );
      assert.ok(
        policy.includes('{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"envoy"}}}'),
        policy,
      );
    }
  });

  it("when Envoy validates its generated config, then it accepts it and each cluster is the headless name", async () => {
    const configPath = join(eksDirectory, "overlays", envoyOverlayName, "envoy-config.yaml");
    await validateEnvoyConfig(configPath);
    const config = parse(await readFile(configPath, "utf8")) as {
      static_resources: {
        clusters: {
          name: string;
          type: string;
          load_assignment: {
            endpoints: {
              lb_endpoints: {
                endpoint: { address: { socket_address: { address: string; port_value: number } } };
              }[];
            }[];
          };
        }[];
      };
    };
    for (const service of services) {
      const cluster = config.static_resources.clusters.find((candidate) => candidate.name === service.name);
      assert.ok(cluster, service.name);
      assert.equal(cluster.type, "STRICT_DNS");
      const addresses = cluster.load_assignment.endpoints.flatMap((group) =>
        group.lb_endpoints.map((entry) => entry.endpoint.address.socket_address),
      );
      assert.deepEqual(addresses, [
        { address: `${service.name}-pods.${namespaceName}.svc.cluster.local`, port_value: service.port },
      ]);
    }
  });
});
