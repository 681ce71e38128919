// Contract: the telemetry wiring of the built prod overlay, replayed. The
// services' OTLP endpoint must name the collector's Service, whose port leads
// to the port the collector's own configuration receives on, through network
// policies that let the traffic pass; a service run with its Deployment's
// OTEL_* variables (the collector's address replaced by a local collector)
// must deliver its spans.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import { callEveryMethod, kustomizeBuild, startWithDeployedTelemetry } from "@switchyard/deploy-validators";
import type { ServiceProcess } from "@switchyard/launcher";
import { startOtlpTraceCollector, type OtlpTraceCollector } from "@switchyard/testing";
import { eksDirectory } from "./checked-in-tree.js";

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
  data?: Record<string, string>;
}
interface Container {
  name: string;
  env?: { name: string; value: string }[];
  ports?: { name: string; containerPort: number }[];
  args?: string[];
}
interface PolicyRule {
  from?: { podSelector?: { matchLabels: Record<string, string> } }[];
  to?: { podSelector?: { matchLabels: Record<string, string> } }[];
  ports?: { port: number }[];
}

let manifests: Manifest[] = [];
let collector: OtlpTraceCollector | undefined;
const started: ServiceProcess[] = [];

before(async () => {
  const yaml = await kustomizeBuild(join(eksDirectory, "overlays", "prod"));
  manifests = parseAllDocuments(yaml).map((document) => document.toJS() as Manifest);
  collector = await startOtlpTraceCollector();
});
after(async () => {
  await Promise.all(started.map((process) => process.stop()));
  await collector?.close();
});

function one(kind: string, name: string): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  assert.ok(found, `${kind}/${name}`);
  return found;
}

function containerOf(deployment: Manifest): Container {
  const [container] = (deployment.spec as { template: { spec: { containers: Container[] } } }).template.spec
    .containers;
  assert.ok(container);
  return container;
}

const labelsOf = (deployment: Manifest): Record<string, string> =>
  (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata
    .labels;

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  selector !== undefined && Object.entries(selector).every(([key, value]) => labels[key] === value);

describe("telemetry on EKS (prod overlay, built)", () => {
  it("when catalog exports OTLP as deployed, then it reaches the collector's receiver and its spans arrive", async () => {
    const app = one("Deployment", "catalog");
    const environment = Object.fromEntries(
      (containerOf(app).env ?? []).map(({ name, value }) => [name, value]),
    );
    const endpoint = new URL(environment["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? "http://unset");
    assert.equal(environment["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc");

    // <service>.<namespace>.svc.cluster.local:<port> → Service → container port → receiver.
    const [serviceName, namespace] = endpoint.hostname.split(".");
    assert.equal(namespace, one("Namespace", namespace ?? "").metadata.name);
    const service = one("Service", serviceName ?? "") as Manifest & {
      spec: { selector: Record<string, string>; ports: { port: number; targetPort: string }[] };
    };
    const servicePort = service.spec.ports.find((port) => port.port === Number(endpoint.port));
    assert.ok(servicePort, `the ${serviceName} Service listens on ${endpoint.port}`);
    const collectorDeployment = manifests.find(
      (manifest) => manifest.kind === "Deployment" && selects(service.spec.selector, labelsOf(manifest)),
    );
    assert.ok(collectorDeployment, "the Service selects the collector's pods");
    const collectorContainer = containerOf(collectorDeployment);
    const containerPort = collectorContainer.ports?.find((port) => port.name === servicePort.targetPort);
    assert.ok(containerPort, `targetPort ${servicePort.targetPort} names a container port`);
    const configFile = collectorContainer.args?.find((arg) => arg.startsWith("--config="))?.slice(9) ?? "";
    const configMap = manifests.find(
      (manifest) => manifest.kind === "ConfigMap" && manifest.data?.[configFile.split("/").pop() ?? ""],
    );
    const receiver = (
      parse(configMap?.data?.[configFile.split("/").pop() ?? ""] ?? "") as {
        receivers: { otlp: { protocols: { grpc: { endpoint: string } } } };
      }
    ).receivers.otlp.protocols.grpc.endpoint;
    assert.equal(
      Number(receiver.split(":").pop()),
      containerPort.containerPort,
      "the receiver listens there",
    );

    // Default deny: catalog may send there, and the collector may receive from catalog.
    const policyOf = (deployment: Manifest): { ingress: PolicyRule[]; egress: PolicyRule[] } =>
      one("NetworkPolicy", deployment.metadata.name).spec as { ingress: PolicyRule[]; egress: PolicyRule[] };
    assert.ok(
      policyOf(app).egress.some(
        (rule) =>
          rule.to?.some((peer) => selects(peer.podSelector?.matchLabels, labelsOf(collectorDeployment))) &&
          rule.ports?.some((port) => port.port === containerPort.containerPort),
      ),
      "catalog's policy lets OTLP out to the collector",
    );
    assert.ok(
      policyOf(collectorDeployment).ingress.some(
        (rule) =>
          rule.from?.some((peer) => selects(peer.podSelector?.matchLabels, labelsOf(app))) &&
          rule.ports?.some((port) => port.port === containerPort.containerPort),
      ),
      "the collector's policy lets catalog's OTLP in",
    );

    assert.ok(collector);
    const process = await startWithDeployedTelemetry({
      app: "catalog",
      environment,
      collectorEndpoint: collector.endpoint,
    });
    started.push(process);
    const [reach] = await callEveryMethod({ url: process.url }, ["switchyard.catalog.v1.CatalogService"]);
    assert.ok(reach?.reached);
    const name = environment["OTEL_SERVICE_NAME"];
    await collector.waitFor(
      (spans) => spans.some((span) => span.serviceName === name && span.kind === "server"),
      15_000,
    );
  });
});
