/**
 * Who may call what: each method's access rule from its `(switchyard.auth.v1.policy)` proto
 * option, bearer JWTs verified with jose, and the decision (with gRPC status and
 * `google.rpc.ErrorInfo`) the service runtime applies before every handler.
 */
export { accessRuleOf, requiredScopesOf, type AccessRule } from "./method-policy.js";
export {
  createTokenVerifier,
  InvalidTokenError,
  type Caller,
  type KeySource,
  type TokenVerifier,
  type TokenVerifierOptions,
} from "./token-verifier.js";
export { authorizeCall, authErrorDomain } from "./authorize-call.js";
export {
  createClientCredentialsTokenSource,
  type ClientCredentialsOptions,
  type TokenSource,
} from "./client-credentials.js";
