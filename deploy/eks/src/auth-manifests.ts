import {
  cognitoAuthEnvironment,
  cognitoDomainPrefix,
  cognitoTokenUrl,
  type DeployedService,
} from "@switchyard/deploy-settings";
import type { KubernetesObject } from "./kubernetes-manifests.js";
import { exampleAccount, partOf } from "./manifest-names.js";

/**
 * The ConfigMap every service reads its token checks from (`AUTH_*`, see the service
 * runtime): the Cognito user pool of the `SwitchyardEksEdge` stack (deploy/ecs), whose
 * outputs replace the example values, and checkout's token endpoint and client id.
 */
export const authConfigMapName = "switchyard-auth";

/**
 * The Secret holding checkout's Cognito client secret (key {@link clientSecretKey}). Not part
 * of the manifests, as with the database URL: created in the cluster from the secret the
 * `SwitchyardEksEdge` stack keeps in Secrets Manager (External Secrets, the Secrets Store CSI
 * driver or kubectl; see deploy/README.md), and only referenced here.
 */
export const clientCredentialsSecretName = "switchyard-checkout-auth";

/** The key of {@link clientCredentialsSecretName} that holds the client secret. */
export const clientSecretKey = "client-secret";

/** The example user pool id of the base's ConfigMap; each overlay replaces it with its own. */
export const exampleUserPoolId = `${exampleAccount.region}_replaceMe`;

/**
 * The data of the `switchyard-auth` ConfigMap for the user pool `userPoolId` of the example
 * account: the `AUTH_*` settings every service reads, and checkout's token endpoint and client id
 * (the `SwitchyardEksEdge` stack's outputs of the same names).
 */
export function authSettings(userPoolId: string, checkoutClientId = "replace-me"): Record<string, string> {
  return {
    ...cognitoAuthEnvironment({ region: exampleAccount.region, userPoolId }),
    AUTH_TOKEN_URL: cognitoTokenUrl(cognitoDomainPrefix(exampleAccount.id), exampleAccount.region),
    AUTH_CLIENT_ID: checkoutClientId,
  };
}

/**
 * Whether `service` calls other services with its own client-credentials token: checkout,
 * which reserves stock at catalog (as on ECS, where only checkout gets an app client).
 */
export function usesClientCredentials(service: DeployedService): boolean {
  return service.name === "checkout";
}

/** The `switchyard-auth` ConfigMap, with the example account's values. */
export function renderAuthConfigMap(): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: authConfigMapName,
      labels: { "app.kubernetes.io/name": authConfigMapName, "app.kubernetes.io/part-of": partOf },
    },
    data: authSettings(exampleUserPoolId),
  };
}

/**
 * The `env` entries of `service`'s container for tokens: every `AUTH_*` setting from the
 * ConfigMap (all required: a pod must not start with token checks silently off), and for a
 * service with client credentials its client id and, by reference, its secret.
 */
export function authEnvironment(service: DeployedService): Record<string, unknown>[] {
  const fromConfigMap = (name: string) => ({
    name,
    valueFrom: { configMapKeyRef: { name: authConfigMapName, key: name, optional: false } },
  });
  const shared = ["AUTH_ISSUER", "AUTH_JWKS_URL", "AUTH_SCOPE_PREFIX", "AUTH_ALGORITHMS"].map(fromConfigMap);
  if (!usesClientCredentials(service)) return shared;
  return [
    ...shared,
    fromConfigMap("AUTH_TOKEN_URL"),
    fromConfigMap("AUTH_CLIENT_ID"),
    {
      name: "AUTH_CLIENT_SECRET",
      valueFrom: {
        secretKeyRef: { name: clientCredentialsSecretName, key: clientSecretKey, optional: false },
      },
    },
  ];
}
