/** A local OAuth 2.0 issuer (JWKS, client-credentials tokens, key rotation) for `npm start` and the tests. */
export {
  startDevIssuer,
  type DevClient,
  type DevIssuer,
  type DevIssuerOptions,
  type TokenClaims,
} from "./dev-issuer.js";
