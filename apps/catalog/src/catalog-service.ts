import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import {
  CatalogService,
  GetProductResponseSchema,
  ListProductsResponseSchema,
  ReleaseStockResponseSchema,
  ReserveStockResponseSchema,
  WatchStockLevelsResponseSchema,
  type ListProductsRequest,
  type ReserveStockRequest,
  type WatchStockLevelsRequest,
  type WatchStockLevelsResponse,
} from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { fieldViolationError, productNotFoundError } from "./catalog-errors.js";
import { decodePageToken, encodePageToken, filterFingerprint } from "./page-token.js";
import type { ProductStore } from "./product-store.js";
import type { StockSnapshot, StockStore } from "./stock-store.js";
import { createStreamQueue } from "./stream-queue.js";

/** Page size when a ListProducts request leaves it at 0. */
export const defaultPageSize = 20;

/** Options for {@link createCatalogService}. */
export interface CatalogServiceOptions {
  /** Where products come from. */
  readonly products: ProductStore;
  /** Where stock levels and their changes come from. */
  readonly stock: StockStore;
  /**
   * How long a WatchStockLevels stream may stay quiet before the server sends
   * a heartbeat. Must stay well below the shortest idle timeout on the path
   * (60 s on an AWS ALB). Default 20 000 ms.
   */
  readonly heartbeatIntervalMs?: number;
}

function stockLevel(level: StockSnapshot) {
  return {
    productId: level.productId,
    available: level.available,
    updatedAt: timestampFromDate(level.updatedAt),
  };
}

function stockLevelResponse(level: StockSnapshot): WatchStockLevelsResponse {
  return create(WatchStockLevelsResponseSchema, {
    event: { case: "stockLevel", value: stockLevel(level) },
  });
}

/** The catalog's RPC handlers. Stateless: any replica answers any call.
 *
 * Long by design: the handler object, one short method per RPC over the shared store.
 */
export function createCatalogService(options: CatalogServiceOptions): ServiceImpl<typeof CatalogService> {
  const { products, stock } = options;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 20_000;

  async function listProducts(request: ListProductsRequest) {
    const filter = filterFingerprint(request.category, request.query);
    let afterId: string | undefined;
    if (request.pageToken !== "") {
      const cursor = decodePageToken(request.pageToken);
      if (cursor === undefined) throw fieldViolationError("page_token", "not a token issued by ListProducts");
      if (cursor.filter !== filter) {
        throw fieldViolationError("page_token", "issued for another category or query");
      }
      afterId = cursor.afterId;
    }
    const page = await products.listProducts({
      limit: request.pageSize === 0 ? defaultPageSize : request.pageSize,
      ...(request.category !== "" && { category: request.category }),
      ...(request.query !== "" && { text: request.query }),
      ...(afterId !== undefined && { afterId }),
    });
    const last = page.products.at(-1);
    return create(ListProductsResponseSchema, {
      products: [...page.products],
      nextPageToken: page.hasMore && last !== undefined ? encodePageToken({ afterId: last.id, filter }) : "",
    });
  }

  async function* watchStockLevels(
    request: WatchStockLevelsRequest,
    context: HandlerContext,
  ): AsyncGenerator<WatchStockLevelsResponse> {
    let ids = request.productIds;
    if (ids.length === 0) {
      ids = [];
      for (let page = await products.listProducts({ limit: 100 }); ;) {
        ids.push(...page.products.map((product) => product.id));
        const last = page.products.at(-1);
        if (!page.hasMore || last === undefined) break;
        page = await products.listProducts({ limit: 100, afterId: last.id });
      }
    } else {
      for (const id of ids) {
        if ((await products.getProduct(id)) === undefined) throw productNotFoundError(id);
      }
    }
    const watched = new Set(ids);
    // Subscribe before reading the snapshot, so no change falls between the two.
    const queue = createStreamQueue<StockSnapshot>();
    const unsubscribe = stock.subscribe((change) => {
      if (watched.has(change.productId)) queue.push(change);
    });
    try {
      for (const level of await stock.getLevels(ids)) yield stockLevelResponse(level);
      for (;;) {
        const next = await queue.next(heartbeatIntervalMs, context.signal);
        // Ended by the deadline, the client or a server shutdown: end with that status, not OK,
        // so a client never mistakes a cut stream for a finished one.
        if (next.kind === "aborted") throw ConnectError.from(context.signal.reason);
        if (next.kind === "timeout") {
          yield create(WatchStockLevelsResponseSchema, {
            event: { case: "heartbeat", value: { sentAt: timestampFromDate(new Date()) } },
          });
        } else {
          yield stockLevelResponse(next.value);
        }
      }
    } finally {
      unsubscribe();
      queue.close();
    }
  }

  async function reserveStock(request: ReserveStockRequest, context: HandlerContext) {
    const seen = new Set<string>();
    for (const [index, line] of request.lines.entries()) {
      if (seen.has(line.productId)) {
        throw fieldViolationError(`lines[${index}].product_id`, `"${line.productId}" appears more than once`);
      }
      seen.add(line.productId);
      if ((await products.getProduct(line.productId)) === undefined)
        throw productNotFoundError(line.productId);
    }
    const reservation = await stock.reserve(request.orderId, request.lines, context.timeoutMs());
    return create(ReserveStockResponseSchema, {
      orderId: reservation.orderId,
      lines: reservation.lines.map((line) => ({ ...line })),
      levels: reservation.levels.map(stockLevel),
    });
  }

  return {
    async getProduct(request) {
      const product = await products.getProduct(request.id);
      if (product === undefined) throw productNotFoundError(request.id);
      return create(GetProductResponseSchema, { product });
    },
    listProducts,
    watchStockLevels,
    reserveStock,
    async releaseStock(request, context) {
      const released = await stock.release(request.orderId, context.timeoutMs());
      return create(ReleaseStockResponseSchema, { released });
    },
  };
}
