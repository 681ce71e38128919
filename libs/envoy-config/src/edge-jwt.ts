import { accessRuleOf } from "@switchyard/auth";
import { protoRegistry } from "@switchyard/proto";
import { socketAddress } from "./envoy-yaml.js";
import type { UpstreamEndpoint } from "./front-proxy-options.js";

/** The cluster Envoy fetches the issuer's key set from. */
export const jwksClusterName = "jwt_issuer_jwks";

/** Envoy's first check of tokens at the edge, see {@link jwtAuthnFilter}. */
export interface EdgeJwtOptions {
  /** The `iss` tokens must carry. */
  readonly issuer: string;
  /** The `aud` tokens must name. */
  readonly audience: string;
  /** Where the issuer serves its JWKS (plain HTTP on loopback for the local platform). */
  readonly jwks: UpstreamEndpoint & { readonly path: string };
}

/**
 * The gRPC paths (`/pkg.Service/Method`) of `grpcServices` whose policy (the
 * `(switchyard.auth.v1.policy)` proto option) needs a token: the same rule the services apply.
 */
export function protectedPaths(grpcServices: readonly string[]): string[] {
  return grpcServices.flatMap((typeName) =>
    (protoRegistry.getService(typeName)?.methods ?? [])
      .filter((method) => accessRuleOf(method).kind === "authenticated")
      .map((method) => `/${typeName}/${method.name}`),
  );
}

/**
 * Envoy's `jwt_authn` filter: a call to a method that needs a token is answered by Envoy
 * itself (UNAUTHENTICATED, HTTP 401) unless it carries one the issuer signed, for the audience,
 * not expired; public methods pass with or without. Scopes stay the services' to check: this
 * is the first line, the services' check is the one that counts. The token is forwarded.
 */
export function jwtAuthnFilter(options: EdgeJwtOptions, grpcServices: readonly string[]): object {
  return {
    name: "envoy.filters.http.jwt_authn",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
      providers: {
        platform: {
          issuer: options.issuer,
          audiences: [options.audience],
          remote_jwks: {
            http_uri: {
              uri: `http://${options.jwks.host}:${options.jwks.port}${options.jwks.path}`,
              cluster: jwksClusterName,
              timeout: "5s",
            },
            // Fetched before the first call, kept ten minutes; a token with an unknown key id waits for the refresh.
            cache_duration: "600s",
            async_fetch: {},
          },
          forward: true,
        },
      },
      rules: protectedPaths(grpcServices).map((path) => ({
        match: { path },
        requires: { provider_name: "platform" },
      })),
      // A browser's CORS preflight carries no token; the call after it does.
      bypass_cors_preflight: true,
    },
  };
}

/** The plain-HTTP cluster of the issuer's JWKS endpoint. */
export function jwksCluster(options: EdgeJwtOptions): object {
  return {
    name: jwksClusterName,
    type: "STATIC",
    connect_timeout: "1s",
    load_assignment: {
      cluster_name: jwksClusterName,
      endpoints: [
        { lb_endpoints: [{ endpoint: { address: socketAddress(options.jwks.host, options.jwks.port) } }] },
      ],
    },
  };
}
