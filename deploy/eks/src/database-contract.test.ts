import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { databaseSettings } from "@switchyard/deploy-settings";
import { dataOwners, databaseUrlVariable, platformServices } from "@switchyard/topology";
import { buildOverlays, containerEnv, findManifest, type BuiltManifest } from "./built-overlays.js";
import { databaseCidrs, databaseSecretKey, databaseSecretName } from "./kubernetes-manifests.js";
import { overlayNames } from "./kustomize-tree.js";

interface EgressRule {
  to: { ipBlock?: { cidr: string } }[];
  ports: { protocol: string; port: number }[];
}

const owners = new Set(dataOwners(platformServices).map((service) => service.name));
let built = new Map<string, BuiltManifest[]>();

before(async () => {
  built = await buildOverlays(overlayNames);
});

const databaseEgress = (policy: BuiltManifest): EgressRule[] =>
  (policy.spec["egress"] as EgressRule[]).filter((rule) =>
    rule.ports.some((port) => port.port === databaseSettings.port),
  );

describe("the database on EKS (kustomize build of every overlay)", () => {
  it("when a service owns data, then DATABASE_URL comes from the Secret by reference, and no other service gets it", () => {
    for (const [overlay, manifests] of built) {
      for (const service of platformServices) {
        const variables = containerEnv(findManifest(manifests, "Deployment", service.name)).filter(
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
        const rules = databaseEgress(findManifest(manifests, "NetworkPolicy", service.name));
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
