import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from "jose";

/** Where the verifier gets the issuer's public keys. */
export type KeySource =
  /** A JWKS URL (e.g. Cognito's `.../.well-known/jwks.json`), fetched and cached. */
  | { readonly url: URL; readonly cacheMaxAgeMs?: number; readonly cooldownMs?: number }
  /** A fixed key set, e.g. read from a file mounted into the container. */
  | { readonly keySet: JSONWebKeySet };

/** Options for {@link createTokenVerifier}. */
export interface TokenVerifierOptions {
  /** The `iss` every token must carry, exactly. */
  readonly issuer: string;
  /**
   * The `aud` a token must name. Undefined for issuers whose access tokens carry none, such as
   * Amazon Cognito: there the resource server's scope prefix ({@link scopePrefix}) binds a
   * token to this API, and `token_use` must be `access` (an ID token is refused).
   */
  readonly audience?: string;
  /**
   * When set, only scopes that start with it count, without it: Cognito names a resource
   * server's scopes `<identifier>/<scope>`, e.g. `https://api.example.com/orders.write`.
   */
  readonly scopePrefix?: string;
  readonly keys: KeySource;
  /** Accepted signature algorithms: pinned, so `none` or an HMAC with a public key never pass. */
  readonly algorithms: readonly string[];
  /** Leeway for `exp` and `nbf` against clock skew between issuer and service, in seconds. */
  readonly clockToleranceSeconds: number;
}

/** Who a verified token says is calling. Never holds the token itself. */
export interface Caller {
  /** The token's `sub`: a user, or a client for client-credentials tokens. */
  readonly subject: string;
  /** The OAuth 2.0 `scope` claim, split on spaces. */
  readonly scopes: ReadonlySet<string>;
  /** The OAuth client the token was issued to (`client_id` or `azp`), when it says. */
  readonly clientId: string | undefined;
}

/** Why a token was refused, in words safe to send back to the caller. */
export class InvalidTokenError extends Error {
  constructor(
    message: string,
    /** A short machine-readable reason for `google.rpc.ErrorInfo`, e.g. "TOKEN_EXPIRED". */
    readonly reason: string,
  ) {
    super(message);
    this.name = "InvalidTokenError";
  }
}

/** Verifies bearer tokens; see {@link createTokenVerifier}. */
export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
}

function scopesOf(scope: unknown, prefix: string | undefined): Set<string> {
  const all = typeof scope === "string" ? scope.split(" ").filter((item) => item !== "") : [];
  if (prefix === undefined) return new Set(all);
  return new Set(all.filter((item) => item.startsWith(prefix)).map((item) => item.slice(prefix.length)));
}

function callerOf(payload: JWTPayload, scopePrefix: string | undefined): Caller {
  if (typeof payload.sub !== "string" || payload.sub === "") {
    throw new InvalidTokenError("the token names no subject", "TOKEN_INVALID");
  }
  const tokenUse = payload["token_use"];
  if (tokenUse !== undefined && tokenUse !== "access") {
    throw new InvalidTokenError("the token is not an access token", "TOKEN_CLAIM_REJECTED");
  }
  const clientId = payload["client_id"] ?? payload["azp"];
  return {
    subject: payload.sub,
    scopes: scopesOf(payload["scope"], scopePrefix),
    clientId: typeof clientId === "string" ? clientId : undefined,
  };
}

function refusal(error: unknown): InvalidTokenError {
  if (error instanceof InvalidTokenError) return error;
  if (error instanceof errors.JWTExpired)
    return new InvalidTokenError("the token has expired", "TOKEN_EXPIRED");
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new InvalidTokenError(
      `the token's "${error.claim}" claim is not accepted`,
      "TOKEN_CLAIM_REJECTED",
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new InvalidTokenError(
      "the token's signature algorithm is not accepted",
      "TOKEN_ALGORITHM_REJECTED",
    );
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new InvalidTokenError("no key of the issuer matches the token", "TOKEN_KEY_UNKNOWN");
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new InvalidTokenError("the token's signature does not verify", "TOKEN_SIGNATURE_INVALID");
  }
  if (error instanceof errors.JOSEError)
    return new InvalidTokenError("the token is not valid", "TOKEN_INVALID");
  throw error;
}

/**
 * A verifier of bearer JWTs with jose: signature against the issuer's keys (a remote JWKS is
 * cached and re-fetched when a token names a key id it does not know yet, so a rotated key is
 * picked up at once and a removed one stops verifying after the cache's max age), then `iss`,
 * `aud`, `exp` and `nbf` with a small clock tolerance, and only the pinned algorithms.
 * Failures become {@link InvalidTokenError}; a JWKS that cannot be fetched rejects as is
 * (the caller maps it to UNAVAILABLE: the service, not the token, is at fault).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys =
    "url" in options.keys
      ? createRemoteJWKSet(options.keys.url, {
          cacheMaxAge: options.keys.cacheMaxAgeMs ?? 10 * 60_000,
          cooldownDuration: options.keys.cooldownMs ?? 30_000,
          timeoutDuration: 5000,
        })
      : createLocalJWKSet(options.keys.keySet);
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          ...(options.audience === undefined ? {} : { audience: options.audience }),
          algorithms: [...options.algorithms],
          clockTolerance: options.clockToleranceSeconds,
          requiredClaims: ["exp", "sub"],
        });
        return callerOf(payload, options.scopePrefix);
      } catch (error) {
        if (
          error instanceof errors.JWKSTimeout ||
          (error instanceof errors.JOSEError && error.code === "ERR_JWKS_INVALID")
        ) {
          throw error;
        }
        throw refusal(error);
      }
    },
  };
}
