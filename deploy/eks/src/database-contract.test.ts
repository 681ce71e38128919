import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { databaseSettings } from "@switchyard/deploy-settings";
import { kustomizeBuild } from "@switchyard/deploy-validators";
import { dataOwners, databaseUrlVariable, platformServices } from "@switchyard/topology";
import { eksDirectory } from "./checked-in-tree.js";
import { databaseCidrs, databaseSecretKey, databaseSecretName } from "./kubernetes-manifests.js";
import { overlayNames } from "./kustomize-tree.js";

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface EgressRule {
  to: { ipBlock?: { cidr: string } }[];
  ports: { protocol: string; port: number }[];
}

const owners = new Set(dataOwners(platformServices).map((service) => service.name));
const built = new Map<string, Manifest[]>();

before(async () => {
  for (const overlay of overlayNames) {
    const yaml = await kustomizeBuild(join(eksDirectory, "overlays", overlay));
    built.set(
      overlay,
      parseAllDocuments(yaml).map((document) => document.toJS() as Manifest),
    );
  }
});

const find = (manifests: readonly Manifest[], kind: string, name: string): Manifest => {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  assert.ok(found, `${kind}/${name}`);
  return found;
};
const envOf = (deployment: Manifest): EnvVar[] => {
  const template = deployment.spec["template"] as { spec: { containers: { env?: EnvVar[] }[] } };
  return template.spec.containers[0]?.env ?? [];
};
const databaseEgress = (policy: Manifest): EgressRule[] =>
  (policy.spec["egress"] as EgressRule[]).filter((rule) =>
    rule.ports.some((port) => port.port === databaseSettings.port),
  );

describe("the database on EKS (kustomize build of every overlay)", () => {
  it("when a service owns data, then DATABASE_URL comes from the Secret by reference, and no other service gets it", () => {
    for (const [overlay, manifests] of built) {
      for (const service of platformServices) {
        const variables = envOf(find(manifests, "Deployment", service.name)).filter(
          (variable) => variable.name === databaseUrlVariable,
        );
        if (!owners.has(service.name)) {
          assert.deepEqual(variables, [], `${overlay}: ${service.name} owns no data`);
          continue;
        }
        assert.deepEqual(
          variables,
          [
            {
              name: databaseUrlVariable,
              valueFrom: {
                secretKeyRef: { name: databaseSecretName, key: databaseSecretKey, optional: false },
              },
            },
          ],
          `${overlay}: ${service.name}`,
        );
      }
    }
  });

  it("when the manifests are built, then the Secret itself is not among them (it is created in the cluster)", () => {
    for (const [overlay, manifests] of built) {
      assert.deepEqual(
        manifests.filter((manifest) => manifest.kind === "Secret").map((manifest) => manifest.metadata.name),
        [],
        overlay,
      );
    }
  });

  it("when network policies are read, then only the services that own data may open PostgreSQL's port, to the database's network only", () => {
    for (const [overlay, manifests] of built) {
      for (const service of platformServices) {
        const rules = databaseEgress(find(manifests, "NetworkPolicy", service.name));
        if (!owners.has(service.name)) {
          assert.deepEqual(rules, [], `${overlay}: ${service.name} has no way to the database`);
          continue;
        }
        assert.deepEqual(
          rules,
          [
            {
              to: databaseCidrs.map((cidr) => ({ ipBlock: { cidr } })),
              ports: [{ protocol: "TCP", port: databaseSettings.port }],
            },
          ],
          `${overlay}: ${service.name}`,
        );
      }
    }
  });
});
