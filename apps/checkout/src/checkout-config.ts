import { z } from "zod";
import {
  envInteger,
  envOptionalString,
  envString,
  envValue,
  parseEnvironment,
  type Environment,
} from "@switchyard/service-runtime";

/** The checkout's own settings, read from the environment next to the runtime's `ServiceConfig`. */
export interface CheckoutConfig {
  /**
   * `CATALOG_URLS`: comma-separated base URLs of the catalog replicas (h2c or
   * TLS), e.g. `http://10.0.1.5:50051,http://10.0.2.7:50051`. Calls go round
   * robin across them, per call. When unset, derived from `CATALOG_TARGET`
   * (the gRPC target the deploy manifests set): `ipv4:a:p,b:p` becomes one URL
   * per address, `dns:///host:port` the URL `http://host:port`, which the
   * catalog client expands to every address of `host`. Default
   * `http://127.0.0.1:50051`. With `TLS_DEPENDENCY_CA_FILE` set (the runtime's
   * dependency TLS), every URL must be `https://`, and those derived are.
   */
  readonly catalogUrls: readonly string[];
  /**
   * `PRICING_TARGET`: a grpc-js target for the pricing replicas, balanced by
   * grpc-js' `round_robin` policy: `ipv4:10.0.1.6:50052,10.0.2.8:50052` for a
   * fixed list, or `dns:///pricing-headless.shop.svc:50052` for every address a
   * name resolves to (a Kubernetes headless Service). Default `ipv4:127.0.0.1:50052`.
   */
  readonly pricingTarget: string;
  /**
   * `DEPENDENCY_TIMEOUT_MS`: the longest a single call to a dependency may
   * take, even when the caller's deadline is longer; also bounds how long an
   * unreachable dependency takes to fail. Default 2 000.
   */
  readonly dependencyTimeoutMs: number;
  /**
   * `DEADLINE_MARGIN_MS`: time kept back from the caller's remaining deadline
   * when calling a dependency, so checkout can still answer (and say which
   * dependency was slow) before the caller gives up. Default 100.
   */
  readonly deadlineMarginMs: number;
  /**
   * `DEPENDENCY_PROBE_INTERVAL_MS`: how often checkout checks that catalog and
   * pricing answer their health checks; while either does not, checkout
   * reports NOT_SERVING. Default 5 000.
   */
  readonly dependencyProbeIntervalMs: number;
  /**
   * `AUTH_TOKEN_URL`, `AUTH_CLIENT_ID`, `AUTH_CLIENT_SECRET` (all three or none): checkout's
   * own OAuth client, whose client-credentials token (scope `stock.reserve`) it sends to
   * catalog for ReserveStock and ReleaseStock. It never forwards the end user's token: the
   * catalog sees checkout as the caller, and the user's authority ends at checkout, which has
   * already checked `orders.write`. Pricing's Quote and catalog's reads are public.
   */
  readonly serviceClient:
    { readonly tokenUrl: URL; readonly clientId: string; readonly clientSecret: string } | undefined;
}

const maxMs = 3_600_000;

/** Comma-separated http(s) base URLs. */
const urlList = z
  .string()
  .transform((text) => text.split(",").map((entry) => entry.trim()))
  .pipe(
    z.array(
      z.string().refine(
        (entry) => {
          try {
            return ["http:", "https:"].includes(new URL(entry).protocol);
          } catch {
            return false;
          }
        },
        { error: "must be comma-separated http(s) URLs" },
      ),
    ),
  );

const checkoutEnvSchema = z
  .object({
    CATALOG_URLS: envValue(urlList.optional()),
    CATALOG_TARGET: envOptionalString(),
    PRICING_TARGET: envString("ipv4:127.0.0.1:50052"),
    DEPENDENCY_TIMEOUT_MS: envInteger(1, maxMs, 2000),
    DEADLINE_MARGIN_MS: envInteger(0, maxMs, 100),
    DEPENDENCY_PROBE_INTERVAL_MS: envInteger(10, maxMs, 5000),
    AUTH_TOKEN_URL: envValue(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
    AUTH_CLIENT_ID: envOptionalString(),
    AUTH_CLIENT_SECRET: envOptionalString(),
    // Read by the runtime's ServiceConfig; here only for the scheme the catalog URLs must have.
    TLS_DEPENDENCY_CA_FILE: envOptionalString(),
  })
  .superRefine((env, context) => {
    if (
      env.TLS_DEPENDENCY_CA_FILE !== undefined &&
      env.CATALOG_URLS?.some((url) => url.startsWith("http:"))
    ) {
      context.addIssue({
        code: "custom",
        path: ["CATALOG_URLS"],
        message: "must be https:// URLs when TLS_DEPENDENCY_CA_FILE is set",
      });
    }
    const names = ["AUTH_TOKEN_URL", "AUTH_CLIENT_ID", "AUTH_CLIENT_SECRET"] as const;
    const given = names.filter((name) => env[name] !== undefined);
    if (given.length > 0 && given.length < names.length) {
      for (const name of names.filter((candidate) => env[candidate] === undefined)) {
        context.addIssue({ code: "custom", path: [name], message: `${names.join(", ")} go together` });
      }
    }
  });

/**
 * Base URLs for a gRPC target (`ipv4:`, `ipv6:`, `dns:` or a bare `host:port`),
 * for clients that take URLs rather than targets; `https://` ones with `tls`.
 */
export function urlsFromGrpcTarget(target: string, tls = false): string[] {
  const scheme = tls ? "https" : "http";
  const ip = /^ipv[46]:(.+)$/.exec(target);
  if (ip?.[1] !== undefined) return ip[1].split(",").map((address) => `${scheme}://${address.trim()}`);
  const dns = /^dns:(?:\/\/[^/]*\/)?(.+)$/.exec(target);
  return [`${scheme}://${dns?.[1] ?? target}`];
}

/** Reads {@link CheckoutConfig} from `env`; throws a `ServiceConfigError` naming each invalid variable. */
export function loadCheckoutConfig(env: Environment = process.env): CheckoutConfig {
  const parsed = parseEnvironment(checkoutEnvSchema, env);
  return {
    catalogUrls:
      parsed.CATALOG_URLS ??
      urlsFromGrpcTarget(
        parsed.CATALOG_TARGET ?? "127.0.0.1:50051",
        parsed.TLS_DEPENDENCY_CA_FILE !== undefined,
      ),
    pricingTarget: parsed.PRICING_TARGET,
    dependencyTimeoutMs: parsed.DEPENDENCY_TIMEOUT_MS,
    deadlineMarginMs: parsed.DEADLINE_MARGIN_MS,
    dependencyProbeIntervalMs: parsed.DEPENDENCY_PROBE_INTERVAL_MS,
    serviceClient:
      parsed.AUTH_TOKEN_URL === undefined ||
      parsed.AUTH_CLIENT_ID === undefined ||
      parsed.AUTH_CLIENT_SECRET === undefined
        ? undefined
        : {
            tokenUrl: new URL(parsed.AUTH_TOKEN_URL),
            clientId: parsed.AUTH_CLIENT_ID,
            clientSecret: parsed.AUTH_CLIENT_SECRET,
          },
  };
}
