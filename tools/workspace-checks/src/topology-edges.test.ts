// The topology is the one place that says which service calls which. Adding one edge to
// it (pricing calls catalog) must reach every artefact that connects services: compose,
// the EKS manifests, the environment the local topologies give their processes, and the
// Nx project graph (inferred by tools/nx-plugin). The ECS stack's side is in deploy/ecs/src/platform-stack.test.ts,
// where aws-cdk-lib's own compiler settings apply.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { renderComposeFile } from "@switchyard/deploy-compose";
import { renderKustomizeTree, type KubernetesObject } from "@switchyard/deploy-eks";
import {
  dependencyEnvironment,
  platformServices,
  startOrder,
  type PlatformService,
} from "@switchyard/topology";
import { inferTopologyEdges } from "@switchyard/nx-plugin";

const newEdge = { service: "catalog", variable: "CATALOG_URLS", form: "urls" } as const;

/** The current topology with one more edge: pricing calls catalog. */
const withNewEdge: PlatformService[] = platformServices.map((service) =>
  service.name === "pricing" ? { ...service, dependencies: [...service.dependencies, newEdge] } : service,
);

describe("the topology's call edges", () => {
  it("when an edge is added, then the Nx graph makes the caller depend on the service it calls", () => {
    const projects = platformServices.map((service) => ({ name: `@switchyard/${service.name}`, tags: [] }));
    const pricingCallsCatalog = (topology: readonly PlatformService[]) =>
      inferTopologyEdges(projects, topology).some(
        (edge) => edge.source === "@switchyard/pricing" && edge.target === "@switchyard/catalog",
      );
    assert.ok(pricingCallsCatalog(withNewEdge));
    assert.ok(!pricingCallsCatalog(platformServices));
  });

  it("when an edge is added, then local topologies start the callee first and point the caller at it", () => {
    const order = startOrder(withNewEdge).map((service) => service.name);
    assert.ok(order.indexOf("catalog") < order.indexOf("pricing"), order.join(", "));
    const pricing = withNewEdge.find((service) => service.name === "pricing");
    assert.ok(pricing);
    const environment = dependencyEnvironment(pricing, (name) =>
      name === "catalog" ? [{ host: "127.0.0.1", port: 41001 }] : [],
    );
    assert.deepEqual(environment, { CATALOG_URLS: "http://127.0.0.1:41001" });
  });

  it("when an edge is added, then compose gives the caller every replica's address and waits for them", () => {
    const compose = parse(renderComposeFile(withNewEdge)) as {
      services: Record<string, { environment: Record<string, string>; depends_on?: Record<string, unknown> }>;
    };
    const pricing = compose.services["pricing-1"];
    assert.ok(pricing);
    assert.equal(pricing.environment["CATALOG_URLS"], "http://172.30.0.11:50051,http://172.30.0.12:50051");
    assert.deepEqual(Object.keys(pricing.depends_on ?? {}).sort(), ["catalog-1", "catalog-2"]);
    assert.equal(
      (parse(renderComposeFile()) as typeof compose).services["pricing-1"]?.environment["CATALOG_URLS"],
      undefined,
    );
  });

  it("when an edge is added, then EKS opens the network path both ways and sets the caller's address", () => {
    const objects = [...renderKustomizeTree(withNewEdge)]
      .filter(([path]) => path.startsWith("base/"))
      .flatMap(([, text]) =>
        text.split(/^---$/m).map((document) => parse(document) as KubernetesObject | null),
      )
      .filter((object): object is KubernetesObject => object !== null);
    const find = (kind: string, name: string) => {
      const found = objects.find(
        (object) => object.kind === kind && (object["metadata"] as { name?: string }).name === name,
      );
      assert.ok(found, `${kind} ${name}`);
      return JSON.stringify(found);
    };
    assert.match(
      find("Deployment", "pricing"),
      /"name":"CATALOG_URLS","value":"http:\/\/catalog-pods\.switchyard\.svc\.cluster\.local:50051"/,
    );
    assert.match(
      find("NetworkPolicy", "pricing"),
      /"app.kubernetes.io\/name":"catalog"\}\}\}\],"ports":\[\{"protocol":"TCP","port":50051\}/,
    );
    assert.match(find("NetworkPolicy", "catalog"), /"app.kubernetes.io\/name":"pricing"/);
  });
});
