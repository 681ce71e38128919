import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { resourceServerIdentifier } from "@switchyard/deploy-settings";
import { loadAuthConfig } from "@switchyard/service-runtime";
import { platformServices } from "@switchyard/topology";
import { authConfigMapName, clientCredentialsSecretName, clientSecretKey } from "./auth-manifests.js";
import { buildOverlays, containerEnv, findManifest, type BuiltManifest } from "./built-overlays.js";
import { envoyOverlayName } from "./envoy-nlb-overlay.js";
import { clusterVpcCidr } from "./kubernetes-manifests.js";
import { overlayNames } from "./kustomize-tree.js";

interface EgressRule {
  to: { ipBlock?: { cidr: string; except?: string[] } }[];
  ports: { protocol: string; port: number }[];
}

const overlays = [...overlayNames, envoyOverlayName];
let built = new Map<string, BuiltManifest[]>();

before(async () => {
  built = await buildOverlays(overlays);
});

/** The environment a service's container starts with: literal values and the ConfigMap's keys resolved. */
const resolvedEnvironment = (
  manifests: readonly BuiltManifest[],
  deployment: BuiltManifest,
): Record<string, string> => {
  const configMap = findManifest(manifests, "ConfigMap", authConfigMapName);
  const environment: Record<string, string> = {};
  for (const variable of containerEnv(deployment)) {
    const reference = variable.valueFrom?.configMapKeyRef;
    const value = reference === undefined ? variable.value : configMap.data?.[reference.key];
    if (value !== undefined) environment[variable.name] = value;
  }
  return environment;
};

describe("tokens and the firewall on EKS (kustomize build of every overlay)", () => {
  it("when a service's pod starts, then its AUTH_* settings come from the switchyard-auth ConfigMap, required, and the runtime accepts them with token checks on", () => {
    const issuers = new Set(
      overlayNames.map(
        (overlay) =>
          findManifest(built.get(overlay) ?? [], "ConfigMap", authConfigMapName).data?.["AUTH_ISSUER"],
      ),
    );
    assert.equal(issuers.size, overlayNames.length, "each environment names its own user pool");
    for (const [overlay, manifests] of built) {
      for (const service of platformServices) {
        const deployment = findManifest(manifests, "Deployment", service.name);
        const fromConfigMap = containerEnv(deployment).filter(
          (variable) => variable.valueFrom?.configMapKeyRef?.name === authConfigMapName,
        );
        assert.ok(
          fromConfigMap.every((variable) => variable.valueFrom?.configMapKeyRef?.optional === false),
          `${overlay}/${service.name}: a missing key stops the pod rather than turning checks off`,
        );
        const config = loadAuthConfig(resolvedEnvironment(manifests, deployment));
        assert.ok(config, `${overlay}/${service.name} checks tokens`);
        assert.match(config.issuer, /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[\w-]+_\w+$/);
        assert.equal(config.jwksUrl.href, `${config.issuer}/.well-known/jwks.json`);
        assert.equal(config.scopePrefix, `${resourceServerIdentifier}/`);
        assert.deepEqual(config.algorithms, ["RS256"]);
      }
    }
  });

  it("when checkout calls catalog, then its client secret comes from a Secret by reference, and no other service has one", () => {
    for (const [overlay, manifests] of built) {
      assert.ok(
        !manifests.some((manifest) => manifest.kind === "Secret"),
        `${overlay}: no Secret is part of the manifests`,
      );
      for (const service of platformServices) {
        const environment = resolvedEnvironment(
          manifests,
          findManifest(manifests, "Deployment", service.name),
        );
        const secret = containerEnv(findManifest(manifests, "Deployment", service.name)).find(
          (variable) => variable.name === "AUTH_CLIENT_SECRET",
        );
        if (service.name === "checkout") {
          assert.deepEqual(secret?.valueFrom, {
            secretKeyRef: { name: clientCredentialsSecretName, key: clientSecretKey, optional: false },
          });
          assert.match(
            environment["AUTH_TOKEN_URL"] ?? "",
            /^https:\/\/[\w-]+\.auth\.[a-z0-9-]+\.amazoncognito\.com\/oauth2\/token$/,
          );
          assert.ok((environment["AUTH_CLIENT_ID"] ?? "") !== "", `${overlay}: checkout has a client id`);
        } else {
          assert.equal(secret, undefined, `${overlay}/${service.name} has no client secret`);
          assert.equal(
            environment["AUTH_CLIENT_ID"],
            undefined,
            `${overlay}/${service.name} has no client id`,
          );
        }
      }
    }
  });

  it("when a service fetches the issuer's keys, then its network policy lets HTTPS out beyond the cluster's network, in one rule", () => {
    for (const [overlay, manifests] of built) {
      for (const service of platformServices) {
        const egress = findManifest(manifests, "NetworkPolicy", service.name).spec["egress"] as EgressRule[];
        const https = egress.filter((rule) => rule.ports.some((port) => port.port === 443));
        assert.deepEqual(
          https,
          [
            {
              to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [clusterVpcCidr] } }],
              ports: [{ protocol: "TCP", port: 443 }],
            },
          ],
          `${overlay}/${service.name}`,
        );
      }
    }
  });

  it("when the Ingress's ALB is created, then each ALB environment names its own WAF web ACL", () => {
    const arns = new Set<string>();
    for (const overlay of overlayNames) {
      const manifests = built.get(overlay) ?? [];
      const ingress = findManifest(manifests, "Ingress", "switchyard");
      const arn = ingress.metadata.annotations?.["alb.ingress.kubernetes.io/wafv2-acl-arn"] ?? "";
      assert.match(arn, /^arn:aws:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]+\/[\w-]+$/, overlay);
      arns.add(arn);
    }
    assert.equal(arns.size, overlayNames.length, "dev and prod do not share a web ACL");
  });
});
