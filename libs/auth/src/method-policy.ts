import { getOption, hasOption, type DescMethod } from "@bufbuild/protobuf";
import { protoRegistry } from "@switchyard/proto";
import { policy } from "@switchyard/proto/switchyard/auth/v1/policy";

/** What a call to one method needs. */
export type AccessRule =
  | { readonly kind: "public" }
  | { readonly kind: "authenticated"; readonly requiredScopes: readonly string[] };

/** Upstream services every replica serves, which carry no policy option: always public. */
const publicUpstreamServices = new Set([
  "grpc.health.v1.Health",
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection",
]);

/**
 * The access rule of `method`, from its `(switchyard.auth.v1.policy)` option: public, or a
 * valid token carrying every required scope. A method without the option needs a valid
 * token (closed by default); health and reflection are public (reflection can be turned
 * off instead, see the service runtime's `GRPC_REFLECTION`).
 */
export function accessRuleOf(method: DescMethod): AccessRule {
  if (publicUpstreamServices.has(method.parent.typeName)) return { kind: "public" };
  if (!hasOption(method, policy)) return { kind: "authenticated", requiredScopes: [] };
  const declared = getOption(method, policy);
  if (declared.public) return { kind: "public" };
  return { kind: "authenticated", requiredScopes: declared.requiredScopes };
}

/**
 * Every scope some method of the gRPC services `serviceTypeNames` (e.g.
 * `switchyard.checkout.v1.CheckoutService`) requires, sorted: what an issuer must offer (the
 * Cognito resource server, the dev issuer's command-line client).
 */
export function requiredScopesOf(serviceTypeNames: readonly string[]): string[] {
  const scopes = new Set<string>();
  for (const typeName of serviceTypeNames) {
    for (const method of protoRegistry.getService(typeName)?.methods ?? []) {
      const rule = accessRuleOf(method);
      if (rule.kind === "authenticated") for (const scope of rule.requiredScopes) scopes.add(scope);
    }
  }
  return [...scopes].sort();
}
