import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";

/** A client allowed to ask the token endpoint for tokens (OAuth 2.0 client credentials). */
export interface DevClient {
  readonly id: string;
  readonly secret: string;
  /** The scopes it may ask for; a request for others is refused (`invalid_scope`). */
  readonly scopes: readonly string[];
}

/** Options for {@link startDevIssuer}. */
export interface DevIssuerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** The `aud` of every token: the platform's API. */
  readonly audience: string;
  readonly clients: readonly DevClient[];
  /** Lifetime of the tokens the endpoint issues. Default 3600 s. */
  readonly tokenLifetimeSeconds?: number;
}

/** What {@link DevIssuer.issueToken} signs. */
export interface TokenClaims {
  readonly subject: string;
  readonly scopes: readonly string[];
  readonly clientId?: string;
  /** Seconds until `exp`; negative for a token that has already expired. Default 3600. */
  readonly expiresInSeconds?: number;
  /** Overrides of the issuer's own `iss` and `aud`, for tests of wrong ones. */
  readonly issuer?: string;
  readonly audience?: string;
}

/** The running issuer, see {@link startDevIssuer}. */
export interface DevIssuer {
  /** The `iss` of its tokens: its base URL. */
  readonly issuer: string;
  readonly audience: string;
  /** Its key set: the current key and any kept after a rotation. */
  readonly jwksUrl: URL;
  /** The client-credentials token endpoint. */
  readonly tokenUrl: URL;
  /** Signs a token with the current key. */
  issueToken(claims: TokenClaims): Promise<string>;
  /** Signs with a new key from now on; the previous keys stay in the JWKS until {@link retirePreviousKeys}. */
  rotateKey(): Promise<void>;
  /** Removes every key but the current one from the JWKS. */
  retirePreviousKeys(): void;
  close(): Promise<void>;
}

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** ES256: small keys and signatures, and what Cognito and most issuers also offer (besides RS256). */
const algorithm = "ES256";

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: algorithm, use: "sig" } };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > 16_384) throw new Error("request body too large");
  }
  return new URLSearchParams(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

/** The client id and secret of a token request: HTTP Basic (RFC 6749 §2.3.1) or form fields. */
function clientCredentials(request: IncomingMessage, form: URLSearchParams): [string, string] {
  const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
  if (basic !== undefined) {
    const [id = "", secret = ""] = Buffer.from(basic, "base64").toString().split(":");
    return [decodeURIComponent(id), decodeURIComponent(secret)];
  }
  return [form.get("client_id") ?? "", form.get("client_secret") ?? ""];
}

/**
 * Starts a local OAuth 2.0 issuer on loopback for `npm start` and the tests: its JWKS at
 * `/.well-known/jwks.json`, OpenID discovery at `/.well-known/openid-configuration`, and a
 * client-credentials token endpoint at `/oauth2/token` for the configured clients. Keys are
 * generated in memory at start (never written anywhere) and can be rotated. Long on purpose:
 * the endpoints share the issuer's keys and base URL through one closure.
 */
export async function startDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  const keys: SigningKey[] = [await newSigningKey()];
  const current = () => keys[keys.length - 1] as SigningKey;
  let base = "";
  const lifetime = options.tokenLifetimeSeconds ?? 3600;

  const issueToken = async (claims: TokenClaims): Promise<string> => {
    const key = current();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      scope: claims.scopes.join(" "),
      ...(claims.clientId === undefined ? {} : { client_id: claims.clientId }),
    })
      .setProtectedHeader({ alg: algorithm, kid: key.kid, typ: "at+jwt" })
      .setIssuer(claims.issuer ?? base)
      .setAudience(claims.audience ?? options.audience)
      .setSubject(claims.subject)
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.expiresInSeconds ?? lifetime))
      .setJti(randomUUID())
      .sign(key.privateKey);
  };

  const tokenEndpoint = async (request: IncomingMessage, response: ServerResponse) => {
    const form = await formBody(request);
    if (form.get("grant_type") !== "client_credentials") {
      sendJson(response, 400, { error: "unsupported_grant_type" });
      return;
    }
    const [id, secret] = clientCredentials(request, form);
    const client = options.clients.find((candidate) => candidate.id === id);
    if (client === undefined || !sameSecret(secret, client.secret)) {
      sendJson(response, 401, { error: "invalid_client" });
      return;
    }
    const requested = (form.get("scope") ?? "").split(" ").filter((scope) => scope !== "");
    const scopes = requested.length === 0 ? client.scopes : requested;
    if (scopes.some((scope) => !client.scopes.includes(scope))) {
      sendJson(response, 400, { error: "invalid_scope" });
      return;
    }
    const token = await issueToken({ subject: client.id, clientId: client.id, scopes });
    sendJson(response, 200, {
      access_token: token,
      token_type: "Bearer",
      expires_in: lifetime,
      scope: scopes.join(" "),
    });
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://issuer").pathname;
    if (request.method === "GET" && path === "/.well-known/jwks.json") {
      sendJson(response, 200, { keys: keys.map((key) => key.publicJwk) });
    } else if (request.method === "GET" && path === "/.well-known/openid-configuration") {
      sendJson(response, 200, {
        issuer: base,
        jwks_uri: `${base}/.well-known/jwks.json`,
        token_endpoint: `${base}/oauth2/token`,
        grant_types_supported: ["client_credentials"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      });
    } else if (request.method === "POST" && path === "/oauth2/token") {
      tokenEndpoint(request, response).catch(() => {
        sendJson(response, 400, { error: "invalid_request" });
      });
    } else {
      sendJson(response, 404, { error: "not_found" });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: base,
    audience: options.audience,
    jwksUrl: new URL("/.well-known/jwks.json", base),
    tokenUrl: new URL("/oauth2/token", base),
    issueToken,
    async rotateKey() {
      keys.push(await newSigningKey());
    },
    retirePreviousKeys() {
      keys.splice(0, keys.length - 1);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
