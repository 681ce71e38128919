/** The identifier of the platform's API in Amazon Cognito: every scope is `<identifier>/<scope>`. */
export const resourceServerIdentifier = "https://api.switchyard";

/** Where a Cognito user pool lives: its region and id (`<region>_<suffix>`). */
export interface CognitoUserPoolAddress {
  readonly region: string;
  readonly userPoolId: string;
}

/**
 * The `AUTH_*` variables with which a service checks access tokens of the Cognito user pool at
 * `pool`, on every deploy target (ECS task environment, EKS ConfigMap): its issuer and JWKS
 * URL, the resource server's scope prefix (Cognito access tokens carry no `aud`; the scopes
 * bind them to this API), and RS256, the one algorithm Cognito signs with.
 */
export function cognitoAuthEnvironment(pool: CognitoUserPoolAddress): Record<string, string> {
  const issuer = `https://cognito-idp.${pool.region}.amazonaws.com/${pool.userPoolId}`;
  return {
    AUTH_ISSUER: issuer,
    AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
    AUTH_SCOPE_PREFIX: `${resourceServerIdentifier}/`,
    AUTH_ALGORITHMS: "RS256",
  };
}

/**
 * The Cognito domain prefix of the platform's user pool in `accountId`: prefixes are global
 * per region, so the account id keeps this one apart.
 */
export function cognitoDomainPrefix(accountId: string): string {
  return `switchyard-${accountId}`;
}

/** The OAuth token endpoint (client credentials) of the user pool with the Cognito domain `domainPrefix`. */
export function cognitoTokenUrl(domainPrefix: string, region: string): string {
  return `https://${domainPrefix}.auth.${region}.amazoncognito.com/oauth2/token`;
}
