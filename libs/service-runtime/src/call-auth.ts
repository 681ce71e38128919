import type { DescMethod } from "@bufbuild/protobuf";
import { trace } from "@opentelemetry/api";
import { authorizeCall, createTokenVerifier, type Caller } from "@switchyard/auth";
import { z } from "zod";
import {
  envInteger,
  envOptionalString,
  envString,
  parseEnvironment,
  type Environment,
} from "./env-schema.js";

/**
 * How a service checks who calls it: bearer JWTs of one issuer for one audience, keys from
 * the issuer's JWKS. Read with {@link loadAuthConfig}.
 */
export interface AuthConfig {
  /** `AUTH_ISSUER`: the `iss` every token must carry, e.g. a Cognito user pool's URL. */
  readonly issuer: string;
  /**
   * `AUTH_AUDIENCE`: the `aud` tokens must name: this platform's API. Unset for Amazon Cognito,
   * whose access tokens carry no `aud`: set `AUTH_SCOPE_PREFIX` instead.
   */
  readonly audience: string | undefined;
  /**
   * `AUTH_SCOPE_PREFIX`: only scopes with this prefix count, without it; Cognito names a
   * resource server's scopes `<identifier>/<scope>`. Unset: scopes as they are.
   */
  readonly scopePrefix: string | undefined;
  /** `AUTH_JWKS_URL`: the issuer's key set; cached, fetched again for a key id it does not know. */
  readonly jwksUrl: URL;
  /**
   * `AUTH_ALGORITHMS`: accepted signature algorithms, comma-separated. Default `RS256,ES256`
   * (Cognito signs with RS256); never `none` or an HMAC, which a public key must not verify.
   */
  readonly algorithms: readonly string[];
  /** `AUTH_CLOCK_SKEW_SECONDS`: leeway on `exp` and `nbf`. Default 30, at most 300. */
  readonly clockSkewSeconds: number;
  /** `AUTH_JWKS_CACHE_SECONDS`: how long fetched keys are trusted; a removed key stops verifying after it. Default 600. */
  readonly jwksCacheSeconds: number;
}

const asymmetricAlgorithms = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];

const authEnvSchema = z
  .object({
    AUTH_ISSUER: envOptionalString(),
    AUTH_AUDIENCE: envOptionalString(),
    AUTH_JWKS_URL: envOptionalString(),
    AUTH_SCOPE_PREFIX: envOptionalString(),
    AUTH_ALGORITHMS: envString("RS256,ES256"),
    AUTH_CLOCK_SKEW_SECONDS: envInteger(0, 300, 30),
    AUTH_JWKS_CACHE_SECONDS: envInteger(1, 86_400, 600),
  })
  .superRefine((env, context) => {
    const required = ["AUTH_ISSUER", "AUTH_JWKS_URL"] as const;
    const on = [...required, "AUTH_AUDIENCE", "AUTH_SCOPE_PREFIX"].some(
      (name) => env[name as keyof typeof env] !== undefined,
    );
    for (const name of required) {
      if (on && env[name] === undefined) {
        context.addIssue({
          code: "custom",
          path: [name],
          message: "AUTH_ISSUER and AUTH_JWKS_URL go together",
        });
      }
    }
    if (on && env.AUTH_AUDIENCE === undefined && env.AUTH_SCOPE_PREFIX === undefined) {
      context.addIssue({
        code: "custom",
        path: ["AUTH_AUDIENCE"],
        message: "set AUTH_AUDIENCE, or AUTH_SCOPE_PREFIX for an issuer whose tokens carry no aud (Cognito)",
      });
    }
    if (env.AUTH_JWKS_URL !== undefined && !URL.canParse(env.AUTH_JWKS_URL)) {
      context.addIssue({ code: "custom", path: ["AUTH_JWKS_URL"], message: "must be a URL" });
    }
    for (const algorithm of env.AUTH_ALGORITHMS.split(",")) {
      if (!asymmetricAlgorithms.includes(algorithm.trim())) {
        context.addIssue({
          code: "custom",
          path: ["AUTH_ALGORITHMS"],
          message: `"${algorithm}" is not an asymmetric JWS algorithm (${asymmetricAlgorithms.join(", ")})`,
        });
      }
    }
  });

/**
 * Reads {@link AuthConfig} from the environment; `undefined` when no `AUTH_*` variable is set
 * (every method callable without a token: the runtime logs a warning). Fails fast, naming the
 * variable, when the set is incomplete.
 */
export function loadAuthConfig(env: Environment = process.env): AuthConfig | undefined {
  const parsed = parseEnvironment(authEnvSchema, env);
  if (parsed.AUTH_ISSUER === undefined || parsed.AUTH_JWKS_URL === undefined) return undefined;
  return {
    issuer: parsed.AUTH_ISSUER,
    audience: parsed.AUTH_AUDIENCE,
    scopePrefix: parsed.AUTH_SCOPE_PREFIX,
    jwksUrl: new URL(parsed.AUTH_JWKS_URL),
    algorithms: parsed.AUTH_ALGORITHMS.split(",").map((algorithm) => algorithm.trim()),
    clockSkewSeconds: parsed.AUTH_CLOCK_SKEW_SECONDS,
    jwksCacheSeconds: parsed.AUTH_JWKS_CACHE_SECONDS,
  };
}

/**
 * Decides, before the handler, whether a call to `method` with this `authorization` header
 * may run; resolves with the caller (undefined for a public method) or rejects with the
 * ConnectError to answer (UNAUTHENTICATED, PERMISSION_DENIED, UNAVAILABLE).
 */
export type CallAuthorizer = (
  method: DescMethod,
  authorization: string | undefined,
) => Promise<Caller | undefined>;

/**
 * The {@link CallAuthorizer} of `config`; without one, every call runs with no caller. An
 * authorized caller's subject goes on the call's active span as `enduser.id`.
 */
export function createCallAuthorizer(config: AuthConfig | undefined): CallAuthorizer {
  if (config === undefined) return () => Promise.resolve(undefined);
  const verifier = createTokenVerifier({
    issuer: config.issuer,
    ...(config.audience === undefined ? {} : { audience: config.audience }),
    ...(config.scopePrefix === undefined ? {} : { scopePrefix: config.scopePrefix }),
    keys: {
      url: config.jwksUrl,
      cacheMaxAgeMs: config.jwksCacheSeconds * 1000,
      // A token with an unknown key id fetches the key set again, at most this often.
      cooldownMs: Math.min(30_000, config.jwksCacheSeconds * 1000),
    },
    algorithms: config.algorithms,
    clockToleranceSeconds: config.clockSkewSeconds,
  });
  return async (method, authorization) => {
    // The call's server span (when telemetry is on), taken before the first await.
    const span = trace.getActiveSpan();
    const caller = await authorizeCall(method, authorization, verifier);
    // Who called, as OpenTelemetry's semantic conventions name it; never the token.
    if (caller !== undefined) span?.setAttribute("enduser.id", caller.subject);
    return caller;
  };
}
