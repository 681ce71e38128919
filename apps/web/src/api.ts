import { createClient, type Client } from "@connectrpc/connect";
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

/** The clients the storefront calls, all over gRPC-Web through the same Envoy. */
export interface StorefrontApi {
  readonly catalog: Client<typeof CatalogService>;
  readonly pricing: Client<typeof PricingService>;
  readonly checkout: Client<typeof CheckoutService>;
}

/**
 * gRPC-Web, not the Connect protocol: Envoy's grpc_web filter turns it into gRPC for every
 * service, whichever stack (connect-node or grpc-js) serves it. Browsers cannot speak gRPC
 * itself: they give scripts no HTTP/2 trailers.
 */
export function createStorefrontApi(origin: string = apiOrigin()): StorefrontApi {
  const transport = createGrpcWebTransport({ baseUrl: origin });
  return {
    catalog: createClient(CatalogService, transport),
    pricing: createClient(PricingService, transport),
    checkout: createClient(CheckoutService, transport),
  };
}

/** Unary calls give up after this long, so a stuck call turns into a retry banner. */
export const unaryTimeoutMs = 5000;
