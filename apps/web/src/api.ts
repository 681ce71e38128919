import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";

/**
 * Where the API is: the page's own origin (Envoy serves both the storefront and the API),
 * or `VITE_API_ORIGIN` when the storefront runs on a dev server of its own.
 */
function apiOrigin(): string {
  const configured: unknown = import.meta.env["VITE_API_ORIGIN"];
  return typeof configured === "string" && configured !== "" ? configured : window.location.origin;
}

/** Who the page is signed in as, from the local platform's dev login. */
export interface DevLogin {
  readonly token: string;
  readonly subject: string;
  readonly scopes: readonly string[];
}

/** The clients the storefront calls, all over gRPC-Web through the same Envoy. */
export interface StorefrontApi {
  readonly catalog: Client<typeof CatalogService>;
  readonly pricing: Client<typeof PricingService>;
  readonly checkout: Client<typeof CheckoutService>;
  /** The dev login, once known; undefined where the platform offers none (auth off, or a deployment). */
  readonly login: Promise<DevLogin | undefined>;
}

/**
 * The local platform's dev login (`GET /dev-login`, a shopper's token for placing and reading
 * orders). A deployment signs shoppers in with its own identity provider instead: there the
 * path is absent and calls go without a token, which the public catalog and pricing allow.
 */
async function fetchDevLogin(origin: string): Promise<DevLogin | undefined> {
  try {
    const response = await fetch(`${origin}/dev-login`, { cache: "no-store" });
    if (!response.ok) return undefined;
    return (await response.json()) as DevLogin;
  } catch {
    return undefined;
  }
}

/** Sends the login's token, when there is one, as the bearer token of every call. */
function bearerInterceptor(login: Promise<DevLogin | undefined>): Interceptor {
  return (next) => async (request) => {
    const token = (await login)?.token;
    if (token !== undefined) request.header.set("authorization", `Bearer ${token}`);
    return next(request);
  };
}

/**
 * gRPC-Web, not the Connect protocol: Envoy's grpc_web filter turns it into gRPC for every
 * service, whichever stack (connect-node or grpc-js) serves it. Browsers cannot speak gRPC
 * itself: they give scripts no HTTP/2 trailers.
 */
export function createStorefrontApi(origin: string = apiOrigin()): StorefrontApi {
  const login = fetchDevLogin(origin);
  const transport = createGrpcWebTransport({ baseUrl: origin, interceptors: [bearerInterceptor(login)] });
  return {
    login,
    catalog: createClient(CatalogService, transport),
    pricing: createClient(PricingService, transport),
    checkout: createClient(CheckoutService, transport),
  };
}

/** Unary calls give up after this long, so a stuck call turns into a retry banner. */
export const unaryTimeoutMs = 5000;
