import type { Order } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";

/**
 * Where placed orders are recorded. Checkout depends only on this interface,
 * so a team can swap the in-memory map for a database shared by every
 * replica (which is what keeps replicas stateless).
 */
export interface OrderStore {
  /** Records a new order. */
  saveOrder(order: Order): Promise<void>;
  /** The order `id`, or `undefined` when there is none. */
  getOrder(id: string): Promise<Order | undefined>;
}

/** An in-memory {@link OrderStore}: for tests and the local platform only. */
export function createInMemoryOrderStore(): OrderStore {
  const orders = new Map<string, Order>();
  return {
    saveOrder: (order) => {
      orders.set(order.id, order);
      return Promise.resolve();
    },
    getOrder: (id) => Promise.resolve(orders.get(id)),
  };
}
