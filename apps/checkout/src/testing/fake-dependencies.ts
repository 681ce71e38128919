import { EventEmitter } from "node:events";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { Metadata } from "@grpc/grpc-js";
import {
  CatalogService,
  GetProductResponseSchema,
  ProductSchema,
  type Product,
} from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { startConnectService } from "@switchyard/connect-runtime";
import { startGrpcJsService } from "@switchyard/grpc-js-runtime";
import { loadCheckoutConfig } from "../checkout-config.js";
import { startCheckoutServer } from "../checkout-server.js";
import { createInMemoryOrderStore } from "../order-store.js";

/** What a fake dependency saw of one call. */
export interface ObservedCall {
  /** Product id (catalog) or promo code (pricing). */
  readonly subject: string;
  /** The `traceparent` header it received, if any. */
  readonly traceparent: string | undefined;
  /** Milliseconds left of the call's deadline when it arrived; undefined without one. */
  readonly timeoutMs: number | undefined;
}

/** A fake dependency on a real server: records calls, and emits "started"/"aborted" for slow ones. */
export interface FakeDependency {
  readonly server: RunningService;
  readonly calls: ObservedCall[];
  /** Emits "started" when a slow call begins and "aborted" with its subject when its caller gives up. */
  readonly events: EventEmitter;
}

const quietConfig = (host = "127.0.0.1", port = 0, env: Readonly<Record<string, string>> = {}) =>
  loadServiceConfig({ PORT: String(port), HOST: host, LOG_LEVEL: "silent", ...env });

/** Test products: EUR ones, one priced in USD, and "sku-slow", whose lookup waits until cancelled. */
export const fakeProducts: readonly Product[] = [
  { id: "sku-espresso-250g", name: "Espresso", unitPrice: { currencyCode: "EUR", minorUnits: 1290n } },
  { id: "sku-aeropress", name: "AeroPress", unitPrice: { currencyCode: "EUR", minorUnits: 3990n } },
  { id: "sku-us-mug", name: "Mug", unitPrice: { currencyCode: "USD", minorUnits: 1500n } },
].map((init) => create(ProductSchema, init));

function waitForAbort(signal: AbortSignal, events: EventEmitter, subject: string): Promise<never> {
  events.emit("started", subject);
  return new Promise((_, reject) => {
    signal.addEventListener("abort", () => {
      events.emit("aborted", subject);
      reject(new ConnectError("abandoned", Code.Canceled));
    });
  });
}

/**
 * A catalog replica on connect-node serving {@link fakeProducts}, on `host` (default 127.0.0.1)
 * and `port` (default any), with the runtime settings of `env` (e.g. `TLS_*`).
 */
export async function startFakeCatalog(
  host?: string,
  port?: number,
  env?: Readonly<Record<string, string>>,
): Promise<FakeDependency> {
  const calls: ObservedCall[] = [];
  const events = new EventEmitter();
  const byId = new Map(fakeProducts.map((product) => [product.id, product]));
  const server = await startConnectService({
    name: "fake-catalog",
    config: quietConfig(host, port, env),
    services: [
      {
        service: CatalogService,
        implementation: {
          async getProduct(request, context) {
            calls.push({
              subject: request.id,
              traceparent: context.requestHeader.get("traceparent") ?? undefined,
              timeoutMs: context.timeoutMs(),
            });
            if (request.id === "sku-slow") return waitForAbort(context.signal, events, request.id);
            const product = byId.get(request.id);
            if (product === undefined)
              throw new ConnectError(`product "${request.id}" not found`, Code.NotFound);
            return Promise.resolve(create(GetProductResponseSchema, { product }));
          },
          // Stock is plentiful here; the catalog's own tests cover reservations.
          reserveStock: (request) =>
            Promise.resolve({ orderId: request.orderId, lines: request.lines, levels: [] }),
          releaseStock: () => Promise.resolve({ released: true }),
        },
      },
    ],
  });
  return { server, calls, events };
}

function traceparentOf(metadata: Metadata): string | undefined {
  const [value] = metadata.get("traceparent");
  return typeof value === "string" ? value : undefined;
}

/**
 * A pricing replica on grpc-js: the quote is the plain sum of the lines; promo
 * "NOPE" is NOT_FOUND and "SLOW" waits until the call is cancelled. `env`: runtime settings.
 */
export async function startFakePricing(env?: Readonly<Record<string, string>>): Promise<FakeDependency> {
  const calls: ObservedCall[] = [];
  const events = new EventEmitter();
  const server = await startGrpcJsService({
    name: "fake-pricing",
    config: quietConfig(undefined, undefined, env),
    services: [
      {
        service: PricingService,
        implementation: {
          quote(call, callback) {
            const deadline = call.getDeadline();
            const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
            const { currencyCode, lineItems, promoCode } = call.request;
            calls.push({
              subject: promoCode,
              traceparent: traceparentOf(call.metadata),
              timeoutMs: Number.isFinite(deadlineMs) ? deadlineMs - Date.now() : undefined,
            });
            if (promoCode === "NOPE") throw new ConnectError(`promo code "NOPE" not found`, Code.NotFound);
            if (promoCode === "SLOW") {
              const abort = new AbortController();
              call.once("cancelled", () => {
                abort.abort();
              });
              // Never answers: the call ends when checkout cancels it.
              waitForAbort(abort.signal, events, promoCode).catch(() => undefined);
              return;
            }
            const lineTotals = lineItems.map(
              (line) => (line.unitPrice?.minorUnits ?? 0n) * BigInt(line.quantity),
            );
            const total = lineTotals.reduce((sum, value) => sum + value, 0n);
            const money = (minorUnits: bigint) => ({ currencyCode, minorUnits });
            callback(null, {
              quote: {
                currencyCode,
                lines: lineItems.map((line, index) => ({
                  productId: line.productId,
                  quantity: line.quantity,
                  ...(line.unitPrice !== undefined && { unitPrice: line.unitPrice }),
                  lineTotal: money(lineTotals[index] ?? 0n),
                })),
                subtotal: money(total),
                discountTotal: money(0n),
                total: money(total),
              },
            });
          },
          editCart(call) {
            call.end();
          },
        },
      },
    ],
  });
  return { server, calls, events };
}

/** A checkout server on port 0 wired to a fake catalog and a fake pricing. */
export interface CheckoutWithFakes {
  readonly server: RunningService;
  readonly catalog: FakeDependency;
  readonly pricing: FakeDependency;
  /** Stops the server and both fakes. */
  stop(): Promise<void>;
}

/** Starts {@link CheckoutWithFakes}; logs are silenced. */
export async function startCheckoutWithFakes(): Promise<CheckoutWithFakes> {
  const catalog = await startFakeCatalog();
  const pricing = await startFakePricing();
  const server = await startCheckoutServer({
    checkout: loadCheckoutConfig({
      CATALOG_URLS: catalog.server.url,
      PRICING_TARGET: `ipv4:127.0.0.1:${pricing.server.port}`,
    }),
    orders: createInMemoryOrderStore(),
    config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
  });
  return {
    server,
    catalog,
    pricing,
    stop: async () => {
      await server.forceClose();
      await Promise.all([catalog.server.forceClose(), pricing.server.forceClose()]);
    },
  };
}
