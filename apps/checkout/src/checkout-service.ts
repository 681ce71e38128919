import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import { BadRequestSchema } from "@switchyard/proto/google/rpc/error_details";
import type { Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import {
  CheckoutService,
  ImportLineItemsResponseSchema,
  OrderSchema,
  PlaceOrderResponseSchema,
  RejectedLineSchema,
  type ImportLineItemsRequest,
  type OrderLine,
  type RejectedLine,
} from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import type { CartQuote } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import type { CatalogClient } from "./catalog-client.js";
import { dependencyCallFrom, type DependencyCallOptions } from "./dependency-call.js";
import type { OrderStore } from "./order-store.js";
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

/** The checkout's RPC handlers. Stateless: orders go to the store, products and prices come from the dependencies. */
export function createCheckoutService(options: CheckoutServiceOptions): ServiceImpl<typeof CheckoutService> {
  const { catalog, pricing, orders } = options;

  /** Looks up every distinct product in parallel; `undefined` marks ids the catalog does not hold. */
  async function lookUpProducts(
    ids: readonly string[],
    context: HandlerContext,
  ): Promise<Map<string, Product | undefined>> {
    const call = dependencyCallFrom(context, "catalog", options);
    const found = await Promise.all(ids.map(async (id) => [id, await catalog.getProduct(id, call)] as const));
    return new Map(found);
  }

  /** Prices `lines` with the catalog's unit prices; FAILED_PRECONDITION when those use several currencies. */
  async function price(
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
    return pricing.quote(
      { currencyCode, lineItems, promoCode },
      dependencyCallFrom(context, "pricing", options),
    );
  }

  return {
    async placeOrder(request, context) {
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
      const products = await lookUpProducts([...seen], context);
      for (const [id, product] of products) {
        if (product === undefined) throw new ConnectError(`product "${id}" not found`, Code.NotFound);
      }
      const quote = await price(request.lines, products, request.promoCode, context);
      const order = create(OrderSchema, {
        id: `ord-${randomUUID()}`,
        customerId: request.customerId,
        quote,
        placedAt: timestampNow(),
      });
      await orders.saveOrder(order);
      return create(PlaceOrderResponseSchema, { order });
    },

    async importLineItems(requests: AsyncIterable<ImportLineItemsRequest>, context) {
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
          : await lookUpProducts([...merged.keys()], context);
      const accepted: OrderLine[] = [];
      for (const [productId, { line, rows }] of merged) {
        if (products.get(productId) === undefined) {
          for (const index of rows) reject(index, productId, "product not found");
        } else {
          accepted.push(line);
        }
      }
      rejected.sort((a, b) => a.index - b.index);
      const quote = accepted.length === 0 ? undefined : await price(accepted, products, "", context);
      return create(ImportLineItemsResponseSchema, {
        received,
        accepted: received - rejected.length,
        rejected,
        lines: accepted,
        ...(quote !== undefined && { quote }),
      });
    },
  };
}
