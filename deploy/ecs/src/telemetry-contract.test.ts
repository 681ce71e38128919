// Contract: the telemetry wiring of the synthesized task definitions, replayed.
// Each service runs with the OTEL_* variables of its task definition, the
// sidecar's address replaced by a local OTLP collector; the spans that arrive
// prove protocol, port and service name, and the sidecar's own configuration
// (from the template) must listen where the service exports.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { callEveryMethod, startWithDeployedTelemetry } from "@switchyard/deploy-validators";
import type { ServiceProcess } from "@switchyard/launcher";
import { startOtlpTraceCollector, type OtlpTraceCollector } from "@switchyard/testing";
import { synthesizePlatform } from "./synthesize-platform.js";
import { templateText } from "./template-text.js";

type Resource = { Type: string; Properties: Record<string, unknown> };
interface ContainerDefinition {
  Name: string;
  Environment?: { Name: string; Value: unknown }[];
}

const taskDefinitions = Object.values(synthesizePlatform().template["Resources"] as Record<string, Resource>)
  .filter((resource) => resource.Type === "AWS::ECS::TaskDefinition")
  .map((resource) => resource.Properties["ContainerDefinitions"] as ContainerDefinition[]);

/** A container's environment as the template sets it. */
function environmentOf(container: ContainerDefinition): Record<string, string> {
  return Object.fromEntries(
    (container.Environment ?? []).map(({ Name, Value }) => [Name, templateText(Value)]),
  );
}

let collector: OtlpTraceCollector | undefined;
const started: ServiceProcess[] = [];

before(async () => {
  collector = await startOtlpTraceCollector();
});
after(async () => {
  await Promise.all(started.map((process) => process.stop()));
  await collector?.close();
});

describe("telemetry on ECS (synthesized task definitions)", () => {
  it("when a task's service handles a call, then its spans reach the collector its task runs", async () => {
    // Catalog has no dependencies: one process suffices to prove the wiring every task shares.
    const task = taskDefinitions.find((containers) =>
      containers.some((container) => container.Name === "catalog"),
    );
    assert.ok(task, "catalog's task definition");
    const app = task.find((container) => container.Name === "catalog");
    const sidecar = task.find((container) => container.Name === "otel-collector");
    assert.ok(app && sidecar, "the service and its collector sidecar share the task");
    const environment = environmentOf(app);
    const receiver = (
      parse(environmentOf(sidecar)["AOT_CONFIG_CONTENT"] ?? "") as {
        receivers: { otlp: { protocols: { grpc?: { endpoint: string } } } };
      }
    ).receivers.otlp.protocols.grpc?.endpoint;
    assert.equal(environment["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", "the sidecar receives OTLP/gRPC");
    assert.equal(
      environment["OTEL_EXPORTER_OTLP_ENDPOINT"],
      `http://${receiver}`,
      "exported where it listens",
    );

    assert.ok(collector);
    const service = await startWithDeployedTelemetry({
      app: "catalog",
      environment,
      collectorEndpoint: collector.endpoint,
    });
    started.push(service);
    const [reach] = await callEveryMethod({ url: service.url }, ["switchyard.catalog.v1.CatalogService"]);
    assert.ok(reach?.reached);
    const serviceName = environment["OTEL_SERVICE_NAME"];
    await collector.waitFor(
      (spans) => spans.some((span) => span.serviceName === serviceName && span.kind === "server"),
      15_000,
    );
  });
});
