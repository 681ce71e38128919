import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import {
  deployedServices,
  preStopSleepSeconds,
  drainTimings,
  terminationGracePeriodSeconds,
} from "@switchyard/deploy-settings";
import { referenceTopology } from "@switchyard/testing";
import { eksDirectory } from "./checked-in-tree.js";
import { headlessServiceName, webGatewaySelector, type KubernetesObject } from "./kubernetes-manifests.js";
import { renderKustomizeTree, serviceObjects } from "./kustomize-tree.js";

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(eksDirectory, join(entry.parentPath, entry.name)));
}

describe("checked-in EKS manifests", () => {
  it("when the topology is rendered, then every checked-in file equals its rendering and none is extra", async () => {
    const rendered = renderKustomizeTree();
    const onDisk = (
      await Promise.all(
        ["base", "overlays", "cluster"].map((folder) => filesUnder(join(eksDirectory, folder))),
      )
    ).flat();
    assert.deepEqual(
      onDisk.sort(),
      [...rendered.keys()].sort(),
      "run `npm run render -w @switchyard/deploy-eks`",
    );
    for (const [path, content] of rendered) {
      assert.equal(
        await readFile(join(eksDirectory, path), "utf8"),
        content,
        `${path} is stale: run \`npm run render -w @switchyard/deploy-eks\``,
      );
    }
  });
});

const services = deployedServices(referenceTopology);

function objectsOf(name: string): KubernetesObject[] {
  const service = services.find((candidate) => candidate.name === name);
  assert.ok(service);
  return serviceObjects(service, services);
}

function find(objects: readonly KubernetesObject[], kind: string, name: string): Record<string, unknown> {
  const found = objects.find(
    (object) => object.kind === kind && (object["metadata"] as { name: string }).name === name,
  );
  assert.ok(found, `${kind}/${name}`);
  return found;
}

describe("service objects", () => {
  it("when a service has callers, then it gets a headless Service and admits their pods", () => {
    for (const name of ["catalog", "pricing"]) {
      const objects = objectsOf(name);
      const headless = find(objects, "Service", headlessServiceName({ name }));
      assert.equal((headless["spec"] as { clusterIP: string }).clusterIP, "None");
      const policy = JSON.stringify(find(objects, "NetworkPolicy", name));
      assert.ok(policy.includes('"app.kubernetes.io/name":"checkout"'), policy);
    }
  });

  it("when the web gateway calls every service, then each has a headless Service and admits the gateway's pods", () => {
    for (const service of services) {
      const objects = objectsOf(service.name);
      const headless = find(objects, "Service", headlessServiceName(service));
      assert.equal((headless["spec"] as { clusterIP: string }).clusterIP, "None");
      const policy = JSON.stringify(find(objects, "NetworkPolicy", service.name));
      assert.ok(
        policy.includes(`"podSelector":{"matchLabels":${JSON.stringify(webGatewaySelector)}}`),
        policy,
      );
    }
  });

  it("when checkout calls its dependencies, then it resolves their headless Services with dns:///", () => {
    const deployment = JSON.stringify(find(objectsOf("checkout"), "Deployment", "checkout"));
    assert.ok(
      deployment.includes(
        '"name":"CATALOG_URLS","value":"http://catalog-pods.switchyard.svc.cluster.local:50051"',
      ),
    );
    assert.ok(
      deployment.includes(
        '"name":"PRICING_TARGET","value":"dns:///pricing-pods.switchyard.svc.cluster.local:50052"',
      ),
    );
    const policy = find(objectsOf("checkout"), "NetworkPolicy", "checkout") as {
      spec: { egress: { ports: { port: number }[] }[] };
    };
    assert.deepEqual(
      policy.spec.egress.flatMap((rule) => rule.ports.map((port) => port.port)),
      [53, 53, 50051, 50052, 4317, 443],
    );
  });

  it("when a pod terminates, then preStop and the grace period follow the drain timings", () => {
    const deployment = find(objectsOf("catalog"), "Deployment", "catalog") as {
      spec: {
        template: {
          spec: {
            terminationGracePeriodSeconds: number;
            containers: { env: { name: string; value: string }[]; lifecycle: unknown }[];
          };
        };
      };
    };
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    assert.ok(container);
    assert.equal(pod.terminationGracePeriodSeconds, terminationGracePeriodSeconds());
    assert.deepEqual(container.lifecycle, { preStop: { sleep: { seconds: preStopSleepSeconds } } });
    assert.ok(
      container.env.some(
        (variable) =>
          variable.name === "DRAIN_DELAY_MS" && variable.value === String(drainTimings.drainDelayMs),
      ),
    );
    assert.ok(
      container.env.some((variable) => variable.name === "GRPC_REFLECTION" && variable.value === "off"),
      "reflection off in production",
    );
  });
});
