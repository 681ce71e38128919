import { createHash } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import { BadRequestSchema } from "@switchyard/proto/google/rpc/error_details";
import type { Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import {
  CheckoutService,
  GetOrderResponseSchema,
  ImportLineItemsResponseSchema,
  ListOrdersResponseSchema,
  OrderSchema,
  PlaceOrderResponseSchema,
  RejectedLineSchema,
  type ImportLineItemsRequest,
  type ListOrdersRequest,
  type PlaceOrderRequest,
  type OrderLine,
  type RejectedLine,
} from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import type { CartQuote } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import type { CatalogClient } from "./catalog-client.js";
import { dependencyCallFrom, type DependencyCallOptions } from "./dependency-call.js";
import { decodeOrderPageToken, encodeOrderPageToken } from "./order-page-token.js";
import { placedAtMs, type OrderRecord, type OrderStore } from "./order-store.js";
import type { PricingClient } from "./pricing-client.js";

/** Most rows one ImportLineItems call accepts. */
export const maxImportedRows = 1000;
/** Most units of one product per order, as the proto's `quantity` rule says. */
export const maxQuantity = 10_000;
/** Most distinct products per order, as the proto's `lines` rule says. */
export const maxLines = 100;

/** Options for {@link createCheckoutService}. */
export interface CheckoutServiceOptions extends DependencyCallOptions {
  readonly catalog: CatalogClient;
  readonly pricing: PricingClient;
  readonly orders: OrderStore;
}

function fieldViolation(field: string, description: string): ConnectError {
  return new ConnectError(`invalid ${field}: ${description}`, Code.InvalidArgument, undefined, [
    {
      desc: BadRequestSchema,
      value: create(BadRequestSchema, { fieldViolations: [{ field, description }] }),
    },
  ]);
}

/** Page size when a ListOrders request leaves it at 0. */
export const defaultOrdersPageSize = 20;

/** A digest of what a PlaceOrder request asks for, to tell a retry from a reuse of its `request_id`. */
function requestFingerprint(request: PlaceOrderRequest): string {
  const lines = request.lines
    .map((line) => [line.productId, line.quantity] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash("sha256")
    .update(JSON.stringify([request.customerId, lines, request.promoCode]))
    .digest("base64url");
}

/**
 * The order id of a request id. Derived, not random: two racing calls with one key, on two
 * replicas, reserve stock under the same order id, so the catalog takes the units once.
 */
function orderIdFor(requestId: string): string {
  return `ord-${createHash("sha256").update(`order:${requestId}`).digest("hex").slice(0, 32)}`;
}

/** The answer for a recorded order; ALREADY_EXISTS when its key was sent with other content. */
function answerFor(record: OrderRecord, fingerprint: string) {
  if (record.fingerprint !== fingerprint) {
    throw new ConnectError(
      `request_id ${record.order.requestId} was already used for a different order; use a new request_id`,
      Code.AlreadyExists,
    );
  }
  return create(PlaceOrderResponseSchema, { order: record.order });
}

/** Looks up every distinct product in parallel; `undefined` marks ids the catalog does not hold. */
async function lookUpProducts(
  options: CheckoutServiceOptions,
  ids: readonly string[],
  context: HandlerContext,
): Promise<Map<string, Product | undefined>> {
  const call = dependencyCallFrom(context, "catalog", options);
  const found = await Promise.all(
    ids.map(async (id) => [id, await options.catalog.getProduct(id, call)] as const),
  );
  return new Map(found);
}

/** Prices `lines` with the catalog's unit prices; FAILED_PRECONDITION when those use several currencies. */
async function price(
  options: CheckoutServiceOptions,
  lines: readonly OrderLine[],
  products: ReadonlyMap<string, Product | undefined>,
  promoCode: string,
  context: HandlerContext,
): Promise<CartQuote> {
  const lineItems = lines.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    unitPrice: products.get(line.productId)?.unitPrice,
  }));
  const currencies = [...new Set(lineItems.map((item) => item.unitPrice?.currencyCode ?? ""))];
  const [currencyCode] = currencies;
  if (currencyCode === undefined || currencies.length > 1) {
    throw new ConnectError(
      `the products are priced in different currencies (${currencies.join(", ")}); order them separately`,
      Code.FailedPrecondition,
    );
  }
  return options.pricing.quote(
    { currencyCode, lineItems, promoCode },
    dependencyCallFrom(context, "pricing", options),
  );
}

/**
 * The order could not be recorded: give its stock back, so a failed order leaks no
 * units, unless a racing call with the same key recorded it (its reservation is the
 * same one). Best effort: when the catalog cannot be reached either, the caller's
 * retry with the same key reserves under the same order id and finds the units taken.
 */
async function releaseUnlessRecorded(
  options: CheckoutServiceOptions,
  orderId: string,
  requestId: string,
  context: HandlerContext,
) {
  try {
    if ((await options.orders.findByRequestId(requestId, context.timeoutMs())) !== undefined) return;
  } catch {
    // The store is down, so no racing call recorded it through this store either.
  }
  try {
    await options.catalog.releaseStock(orderId, dependencyCallFrom(context, "catalog", options));
  } catch {
    // The call's own error, not this one, is what the client needs to see.
  }
}

/** ListOrders: one page of a customer's orders, newest first, behind an opaque token. */
async function listOrders(
  options: CheckoutServiceOptions,
  request: ListOrdersRequest,
  context: HandlerContext,
) {
  let after;
  if (request.pageToken !== "") {
    after = decodeOrderPageToken(request.customerId, request.pageToken);
    if (after === undefined)
      throw fieldViolation("page_token", "not a token issued by ListOrders for this customer");
  }
  const limit = request.pageSize === 0 ? defaultOrdersPageSize : request.pageSize;
  const page = await options.orders.listOrders(
    request.customerId,
    { limit, ...(after !== undefined && { after }) },
    context.timeoutMs(),
  );
  const last = page.orders.at(-1);
  return create(ListOrdersResponseSchema, {
    orders: [...page.orders],
    nextPageToken:
      page.hasMore && last !== undefined
        ? encodeOrderPageToken(request.customerId, { placedAtMs: placedAtMs(last), orderId: last.id })
        : "",
  });
}

/**
 * PlaceOrder: idempotent by `request_id` (a recorded order is answered again), the products
 * looked up and priced, the stock reserved under an order id derived from the key, then the
 * order recorded; when recording fails, the reservation is released.
 */
async function placeOrder(
  options: CheckoutServiceOptions,
  request: PlaceOrderRequest,
  context: HandlerContext,
) {
  const fingerprint = requestFingerprint(request);
  const recorded = await options.orders.findByRequestId(request.requestId, context.timeoutMs());
  if (recorded !== undefined) return answerFor(recorded, fingerprint);
  const seen = new Set<string>();
  request.lines.forEach((line, index) => {
    if (seen.has(line.productId)) {
      throw fieldViolation(
        `lines[${index}].product_id`,
        `"${line.productId}" appears more than once; merge the lines`,
      );
    }
    seen.add(line.productId);
  });
  const products = await lookUpProducts(options, [...seen], context);
  for (const [id, product] of products) {
    if (product === undefined) throw new ConnectError(`product "${id}" not found`, Code.NotFound);
  }
  const quote = await price(options, request.lines, products, request.promoCode, context);
  const orderId = orderIdFor(request.requestId);
  await options.catalog.reserveStock(orderId, request.lines, dependencyCallFrom(context, "catalog", options));
  const order = create(OrderSchema, {
    id: orderId,
    customerId: request.customerId,
    quote,
    placedAt: timestampFromDate(new Date()),
    requestId: request.requestId,
  });
  try {
    return answerFor(
      await options.orders.insertOrder({ order, fingerprint }, context.timeoutMs()),
      fingerprint,
    );
  } catch (error) {
    if (error instanceof ConnectError && error.code === Code.AlreadyExists) throw error;
    await releaseUnlessRecorded(options, orderId, request.requestId, context);
    throw error;
  }
}

/**
 * ImportLineItems: rows merged per product within the order limits, unknown products and
 * rows over a limit rejected with their index, the accepted lines priced.
 */
async function importLineItems(
  options: CheckoutServiceOptions,
  requests: AsyncIterable<ImportLineItemsRequest>,
  context: HandlerContext,
) {
  const merged = new Map<string, { line: OrderLine; rows: number[] }>();
  const rejected: RejectedLine[] = [];
  const reject = (index: number, productId: string, reason: string): void => {
    rejected.push(create(RejectedLineSchema, { index, productId, reason }));
  };
  let received = 0;
  for await (const { line } of requests) {
    const index = received++;
    if (received > maxImportedRows) {
      throw fieldViolation("line", `an import holds at most ${maxImportedRows} rows`);
    }
    if (line === undefined) continue; // the runtime's validation rejects this before it gets here
    const entry = merged.get(line.productId);
    if (entry === undefined) {
      if (merged.size === maxLines) {
        reject(index, line.productId, `an order holds at most ${maxLines} products`);
        continue;
      }
      merged.set(line.productId, { line: { ...line }, rows: [index] });
    } else if (entry.line.quantity + line.quantity > maxQuantity) {
      reject(index, line.productId, `more than ${maxQuantity} units of one product`);
    } else {
      entry.line.quantity += line.quantity;
      entry.rows.push(index);
    }
  }
  const products =
    merged.size === 0
      ? new Map<string, Product | undefined>()
      : await lookUpProducts(options, [...merged.keys()], context);
  const accepted: OrderLine[] = [];
  for (const [productId, { line, rows }] of merged) {
    if (products.get(productId) === undefined) {
      for (const index of rows) reject(index, productId, "product not found");
    } else {
      accepted.push(line);
    }
  }
  rejected.sort((a, b) => a.index - b.index);
  const quote = accepted.length === 0 ? undefined : await price(options, accepted, products, "", context);
  return create(ImportLineItemsResponseSchema, {
    received,
    accepted: received - rejected.length,
    rejected,
    lines: accepted,
    ...(quote !== undefined && { quote }),
  });
}

/** The checkout's RPC handlers. Stateless: orders go to the store, products and prices come from the dependencies. */
export function createCheckoutService(options: CheckoutServiceOptions): ServiceImpl<typeof CheckoutService> {
  return {
    placeOrder: (request, context) => placeOrder(options, request, context),
    async getOrder(request, context) {
      const order = await options.orders.getOrder(request.id, context.timeoutMs());
      if (order === undefined) throw new ConnectError(`order "${request.id}" not found`, Code.NotFound);
      return create(GetOrderResponseSchema, { order });
    },
    listOrders: (request, context) => listOrders(options, request, context),
    importLineItems: (requests, context) => importLineItems(options, requests, context),
  };
}
