import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClientCredentialsTokenSource, requiredScopesOf } from "@switchyard/auth";
import { startDevIssuer, type DevIssuer } from "@switchyard/dev-issuer";
import type { PlatformService } from "@switchyard/topology";

/** The `aud` of the local platform's tokens: its API. */
export const platformAudience = "https://api.switchyard.localhost";

/** The OAuth client `npm run token` asks for tokens as; it may have every scope a method requires. */
export const cliClientId = "switchyard-cli";

/** What the storefront's dev login gets: a shopper's token for placing and reading orders. */
export const shopperScopes = ["orders.read", "orders.write"] as const;

/** Where `npm start` leaves the CLI client's credentials for `npm run token` (mode 0600). */
export function cliCredentialsPath(workDir: string): string {
  return join(workDir, "dev-issuer.json");
}

/** What `npm run token` reads from {@link cliCredentialsPath}. */
export interface CliCredentials {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The local platform's auth: a dev issuer and what each service is told about it. */
export interface PlatformAuth {
  readonly issuer: DevIssuer;
  /** `AUTH_*` variables for a replica of `service` (checkout also gets its client credentials). */
  serviceEnv(service: PlatformService): Record<string, string>;
  /** A shopper's token for the storefront's dev login. */
  shopperToken(): Promise<{ token: string; subject: string; scopes: readonly string[] }>;
  close(): Promise<void>;
}

const secret = () => randomBytes(24).toString("base64url");

/**
 * Starts the dev issuer for `npm start` with two clients, secrets made up at each start:
 * `checkout` (scope `stock.reserve`, for its calls to catalog) and {@link cliClientId} (every
 * scope the protos require), whose credentials go to {@link cliCredentialsPath} for
 * `npm run token`. Nothing is written but that file; the signing keys live in memory only.
 */
export async function startPlatformAuth(options: {
  readonly port: number;
  readonly workDir: string;
  readonly services: readonly PlatformService[];
}): Promise<PlatformAuth> {
  const checkoutSecret = secret();
  const cliSecret = secret();
  const issuer = await startDevIssuer({
    port: options.port,
    audience: platformAudience,
    clients: [
      { id: "checkout", secret: checkoutSecret, scopes: ["stock.reserve"] },
      {
        id: cliClientId,
        secret: cliSecret,
        scopes: requiredScopesOf(options.services.flatMap((service) => service.grpcServices)),
      },
    ],
  });
  const credentials: CliCredentials = {
    tokenUrl: issuer.tokenUrl.href,
    clientId: cliClientId,
    clientSecret: cliSecret,
  };
  await writeFile(cliCredentialsPath(options.workDir), `${JSON.stringify(credentials, null, 2)}\n`, {
    mode: 0o600,
  });
  let shoppers = 0;
  return {
    issuer,
    serviceEnv: (service) => ({
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: platformAudience,
      AUTH_JWKS_URL: issuer.jwksUrl.href,
      ...(service.name === "checkout"
        ? {
            AUTH_TOKEN_URL: issuer.tokenUrl.href,
            AUTH_CLIENT_ID: "checkout",
            AUTH_CLIENT_SECRET: checkoutSecret,
          }
        : {}),
    }),
    async shopperToken() {
      const subject = `shopper-${++shoppers}`;
      const token = await issuer.issueToken({ subject, scopes: [...shopperScopes], expiresInSeconds: 3600 });
      return { token, subject, scopes: shopperScopes };
    },
    close: () => issuer.close(),
  };
}

/** Reads the CLI client's credentials `npm start` wrote to `workDir`. */
export async function readCliCredentials(workDir: string): Promise<CliCredentials> {
  return JSON.parse(await readFile(cliCredentialsPath(workDir), "utf8")) as CliCredentials;
}

/**
 * An access token with `scopes` from the running platform's dev issuer, as the CLI client
 * whose credentials `npm start` wrote to `workDir`: what `npm run token` prints.
 */
export async function platformAccessToken(workDir: string, scopes: readonly string[]): Promise<string> {
  const credentials = await readCliCredentials(workDir);
  return createClientCredentialsTokenSource({
    tokenUrl: new URL(credentials.tokenUrl),
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    scopes,
  }).token();
}
