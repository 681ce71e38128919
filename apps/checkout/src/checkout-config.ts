/** The checkout's own settings, read from the environment next to the runtime's `ServiceConfig`. */
export interface CheckoutConfig {
  /**
   * `CATALOG_URLS`: comma-separated base URLs of the catalog replicas (h2c or
   * TLS), e.g. `http://10.0.1.5:50051,http://10.0.2.7:50051`. Calls go round
   * robin across them, per call. When unset, derived from `CATALOG_TARGET`
   * (the gRPC target the deploy manifests set): `ipv4:a:p,b:p` becomes one URL
   * per address, `dns:///host:port` the URL `http://host:port`, which the
   * catalog client expands to every address of `host`. Default
   * `http://127.0.0.1:50051`.
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
}

type Env = Readonly<Record<string, string | undefined>>;

function milliseconds(env: Env, name: string, fallback: number, min: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > 3_600_000) {
    throw new Error(`${name} must be a whole number of milliseconds from ${min} to 3600000 (got "${text}")`);
  }
  return value;
}

function urls(env: Env, name: string, fallback: string): string[] {
  const text = env[name];
  const list = (text === undefined || text === "" ? fallback : text).split(",").map((entry) => entry.trim());
  for (const entry of list) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`${name} must be comma-separated http(s) URLs (got "${entry}")`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new Error(`${name} must be comma-separated http(s) URLs (got "${entry}")`);
    }
  }
  return list;
}

/**
 * Base URLs for a gRPC target (`ipv4:`, `ipv6:`, `dns:` or a bare `host:port`),
 * for clients that take URLs rather than targets.
 */
export function urlsFromGrpcTarget(target: string): string[] {
  const ip = /^ipv[46]:(.+)$/.exec(target);
  if (ip?.[1] !== undefined) return ip[1].split(",").map((address) => `http://${address.trim()}`);
  const dns = /^dns:(?:\/\/[^/]*\/)?(.+)$/.exec(target);
  return [`http://${dns?.[1] ?? target}`];
}

/** Reads {@link CheckoutConfig} from `env`; throws naming the variable when one is invalid. */
export function loadCheckoutConfig(env: Env = process.env): CheckoutConfig {
  const pricingTarget = env["PRICING_TARGET"] ?? "";
  const catalogTarget = env["CATALOG_TARGET"] ?? "";
  const catalogUrlsFallback =
    catalogTarget === "" ? "http://127.0.0.1:50051" : urlsFromGrpcTarget(catalogTarget).join(",");
  return {
    catalogUrls: urls(env, "CATALOG_URLS", catalogUrlsFallback),
    pricingTarget: pricingTarget === "" ? "ipv4:127.0.0.1:50052" : pricingTarget,
    dependencyTimeoutMs: milliseconds(env, "DEPENDENCY_TIMEOUT_MS", 2000, 1),
    deadlineMarginMs: milliseconds(env, "DEADLINE_MARGIN_MS", 100, 0),
    dependencyProbeIntervalMs: milliseconds(env, "DEPENDENCY_PROBE_INTERVAL_MS", 5000, 10),
  };
}
