import type { Order } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";

/** An order with what identifies the request that placed it. */
export interface OrderRecord {
  readonly order: Order;
  /** A digest of the request's content (customer, lines, promo code), to tell a retry from a reuse of its key. */
  readonly fingerprint: string;
}

/** Where {@link OrderStore.listOrders} starts: after this order, in newest-first order. */
export interface OrderCursor {
  /** `placed_at` of the last order of the previous page, in epoch milliseconds. */
  readonly placedAtMs: number;
  /** Its id. */
  readonly orderId: string;
}

/** One page of {@link OrderStore.listOrders}. */
export interface OrderPage {
  /** Orders, newest first. */
  readonly orders: readonly Order[];
  /** Whether more follow the last one. */
  readonly hasMore: boolean;
}

/**
 * Where placed orders are recorded. The PostgreSQL store (`postgres-order-store.ts`) is
 * shared by every replica; the in-memory one serves a single process. Each method takes
 * the call's time left (`remainingMs`), which bounds the database's work.
 */
export interface OrderStore {
  /** The order placed with idempotency key `requestId`, if any. */
  findByRequestId(requestId: string, remainingMs?: number): Promise<OrderRecord | undefined>;
  /**
   * Records `record` unless an order with the same `requestId` exists: resolves with the
   * order recorded for that key, this one or the one a racing call recorded first.
   */
  insertOrder(record: OrderRecord, remainingMs?: number): Promise<OrderRecord>;
  /** The order `id`, or `undefined` when there is none. */
  getOrder(id: string, remainingMs?: number): Promise<Order | undefined>;
  /** A customer's orders, newest first, `limit` at most, after `after`. */
  listOrders(
    customerId: string,
    page: { readonly limit: number; readonly after?: OrderCursor },
    remainingMs?: number,
  ): Promise<OrderPage>;
}

/** Epoch milliseconds of an order's `placed_at`. */
export function placedAtMs(order: Order): number {
  const placed = order.placedAt;
  return placed === undefined ? 0 : Number(placed.seconds) * 1000 + Math.floor(placed.nanos / 1_000_000);
}

/** Whether `order` sorts after `cursor` in newest-first order. */
function isAfter(order: Order, cursor: OrderCursor): boolean {
  const placed = placedAtMs(order);
  return placed < cursor.placedAtMs || (placed === cursor.placedAtMs && order.id < cursor.orderId);
}

/** An in-memory {@link OrderStore}: one process only, lost on restart; for unit tests. */
export function createInMemoryOrderStore(): OrderStore {
  const byRequestId = new Map<string, OrderRecord>();
  const byId = new Map<string, Order>();
  return {
    findByRequestId: (requestId) => Promise.resolve(byRequestId.get(requestId)),
    insertOrder: (record) => {
      const existing = byRequestId.get(record.order.requestId);
      if (existing !== undefined) return Promise.resolve(existing);
      byRequestId.set(record.order.requestId, record);
      byId.set(record.order.id, record.order);
      return Promise.resolve(record);
    },
    getOrder: (id) => Promise.resolve(byId.get(id)),
    listOrders: (customerId, page) => {
      const matching = [...byId.values()]
        .filter((order) => order.customerId === customerId)
        .filter((order) => page.after === undefined || isAfter(order, page.after))
        .sort((a, b) => placedAtMs(b) - placedAtMs(a) || (a.id < b.id ? 1 : -1));
      return Promise.resolve({
        orders: matching.slice(0, page.limit),
        hasMore: matching.length > page.limit,
      });
    },
  };
}
