/** Options for {@link createClientCredentialsTokenSource}. */
export interface ClientCredentialsOptions {
  /** The issuer's token endpoint, e.g. Cognito's `https://<domain>/oauth2/token`. */
  readonly tokenUrl: URL;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Scopes to ask for; empty asks for the client's defaults. */
  readonly scopes: readonly string[];
  /** Fetch a new token this long before the current one expires. Default 60 s. */
  readonly refreshMarginSeconds?: number;
  /** Give up on the token endpoint after this long. Default 5 000 ms. */
  readonly timeoutMs?: number;
}

/** Tokens of one client, see {@link createClientCredentialsTokenSource}. */
export interface TokenSource {
  /** A valid access token: the cached one, or a new one when it is about to expire. */
  token(): Promise<string>;
}

/**
 * A service's own access tokens (OAuth 2.0 client credentials, RFC 6749 §4.4), for its calls
 * to other services: cached and fetched again {@link ClientCredentialsOptions.refreshMarginSeconds}
 * before expiry, with concurrent callers sharing one request. The client authenticates with
 * HTTP Basic, which Cognito and most issuers accept.
 */
export function createClientCredentialsTokenSource(options: ClientCredentialsOptions): TokenSource {
  const marginMs = (options.refreshMarginSeconds ?? 60) * 1000;
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    const response = await fetch(options.tokenUrl, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(
          `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
        ).toString("base64")}`,
      },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        ...(options.scopes.length === 0 ? {} : { scope: options.scopes.join(" ") }),
      }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!response.ok || typeof body.access_token !== "string") {
      const reason = typeof body.error === "string" ? body.error : `HTTP ${response.status}`;
      throw new Error(`the token endpoint refused client ${options.clientId}: ${reason}`);
    }
    const lifetimeMs = (typeof body.expires_in === "number" ? body.expires_in : 300) * 1000;
    cached = {
      token: body.access_token,
      refreshAt: Date.now() + Math.max(lifetimeMs - marginMs, lifetimeMs / 2),
    };
    return body.access_token;
  };

  return {
    token() {
      if (cached !== undefined && Date.now() < cached.refreshAt) return Promise.resolve(cached.token);
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}
