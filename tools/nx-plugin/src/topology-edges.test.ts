import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { platformServices, type PlatformService } from "@switchyard/topology";
import { inferTopologyEdges, startedServices, type TaggedProject } from "./topology-edges.js";

const apps: TaggedProject[] = platformServices.map((service) => ({
  name: `@switchyard/${service.name}`,
  tags: ["type:app"],
}));
const workspace: TaggedProject[] = [
  ...apps,
  { name: "@switchyard/deploy-image", tags: ["type:lib"] },
  { name: "@switchyard/integration-suite", tags: ["type:tool", "starts:all-apps"] },
  { name: "@switchyard/bench", tags: ["type:tool", "starts:catalog"] },
  { name: "@switchyard/topology", tags: ["type:lib"] },
];

const targetsOf = (source: string, topology: readonly PlatformService[] = platformServices) =>
  inferTopologyEdges(workspace, topology)
    .filter((edge) => edge.source === source)
    .map((edge) => edge.target)
    .sort();

describe("edges inferred from the topology", () => {
  it("when a project is tagged starts:all-apps, then it depends on every app of the topology", () => {
    assert.deepEqual(targetsOf("@switchyard/integration-suite"), apps.map((app) => app.name).sort());
  });

  it("when a project is tagged starts:<service>, then it depends on that app alone", () => {
    assert.deepEqual(targetsOf("@switchyard/bench"), ["@switchyard/catalog"]);
  });

  it("when a service calls another, then its app depends on the callee's app and on the image builder", () => {
    assert.deepEqual(targetsOf("@switchyard/checkout"), [
      "@switchyard/catalog",
      "@switchyard/deploy-image",
      "@switchyard/pricing",
    ]);
    assert.deepEqual(targetsOf("@switchyard/catalog"), ["@switchyard/deploy-image"]);
  });

  it("when the topology gains a service, then every starts:all-apps project depends on its app once it exists", () => {
    const inventory: PlatformService = {
      name: "inventory",
      stack: "grpc-js",
      port: 50054,
      grpcServices: ["switchyard.inventory.v1.InventoryService"],
      dependencies: [],
    };
    const topology = [...platformServices, inventory];
    assert.ok(!targetsOf("@switchyard/integration-suite", topology).includes("@switchyard/inventory"));
    const withApp = [...workspace, { name: "@switchyard/inventory", tags: ["type:app"] }];
    assert.ok(
      inferTopologyEdges(withApp, topology).some(
        (edge) => edge.source === "@switchyard/integration-suite" && edge.target === "@switchyard/inventory",
      ),
    );
  });

  it("when a project has no starts: tag, then nothing is inferred for it", () => {
    assert.deepEqual(targetsOf("@switchyard/topology"), []);
  });

  it("when a starts: tag names no service, then the error names the project and the known services", () => {
    assert.throws(
      () => startedServices({ name: "@switchyard/bench", tags: ["starts:catalogue"] }),
      /@switchyard\/bench: tag "starts:catalogue" names no service of the topology \(known: catalog, /,
    );
  });
});
