import { create, type DescMethod } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorInfoSchema } from "@switchyard/proto/google/rpc/error_details";
import { accessRuleOf } from "./method-policy.js";
import { InvalidTokenError, type Caller, type TokenVerifier } from "./token-verifier.js";

/** The `domain` of the `google.rpc.ErrorInfo` details auth errors carry. */
export const authErrorDomain = "auth.switchyard.dev";

function authError(
  message: string,
  code: Code,
  reason: string,
  metadata: Record<string, string> = {},
): ConnectError {
  return new ConnectError(message, code, undefined, [
    { desc: ErrorInfoSchema, value: create(ErrorInfoSchema, { reason, domain: authErrorDomain, metadata }) },
  ]);
}

/** The token of an `authorization: Bearer <token>` header, or undefined when there is none. */
function bearerToken(authorization: string | null | undefined): string | undefined {
  if (authorization === null || authorization === undefined || authorization === "") return undefined;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
  if (match?.[1] === undefined) {
    throw authError(
      "the authorization header is not a bearer token",
      Code.Unauthenticated,
      "TOKEN_MALFORMED",
    );
  }
  return match[1];
}

/**
 * Decides whether a call to `method` may run, before its handler: public methods pass without
 * a look at any token (undefined: no caller); otherwise the bearer token must verify
 * and carry every scope the method's policy requires. Throws UNAUTHENTICATED (no or invalid
 * token), PERMISSION_DENIED (a scope missing) or UNAVAILABLE (the issuer's keys could not be
 * fetched), each with a `google.rpc.ErrorInfo` naming the reason; never echoes the token.
 */
export async function authorizeCall(
  method: DescMethod,
  authorization: string | null | undefined,
  verifier: TokenVerifier,
): Promise<Caller | undefined> {
  const rule = accessRuleOf(method);
  if (rule.kind === "public") return undefined;
  const token = bearerToken(authorization);
  if (token === undefined) {
    throw authError(
      `${method.parent.typeName}/${method.name} needs a bearer token`,
      Code.Unauthenticated,
      "TOKEN_MISSING",
    );
  }
  let caller: Caller;
  try {
    caller = await verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError)
      throw authError(error.message, Code.Unauthenticated, error.reason);
    throw authError("the issuer's keys could not be fetched", Code.Unavailable, "JWKS_UNAVAILABLE");
  }
  const missing = rule.requiredScopes.filter((scope) => !caller.scopes.has(scope));
  if (missing.length > 0) {
    throw authError(
      `${method.parent.typeName}/${method.name} needs scope ${missing.join(", ")}`,
      Code.PermissionDenied,
      "SCOPE_MISSING",
      { required_scopes: rule.requiredScopes.join(" ") },
    );
  }
  return caller;
}
