import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { databaseError, type DatabasePool } from "@switchyard/postgres";
import { OrderSchema, type Order } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { placedAtMs, type OrderRecord, type OrderStore } from "./order-store.js";

interface OrderRow {
  request_fingerprint: string;
  order_message: Buffer;
}

const recordOf = (row: OrderRow): OrderRecord => ({
  order: fromBinary(OrderSchema, row.order_message),
  fingerprint: row.request_fingerprint,
});

/**
 * Orders in checkout's own schema, shared by every replica. The unique index on
 * `request_id` settles a race between two replicas: `INSERT … ON CONFLICT DO NOTHING`
 * lets one row in, and the loser reads the winner's. Every statement's timeout is the
 * smaller of the call's time left and `DATABASE_STATEMENT_TIMEOUT_MS`.
 */
export function createPostgresOrderStore(database: DatabasePool): OrderStore {
  const query = async <Row extends object>(
    text: string,
    values: unknown[],
    remainingMs: number | undefined,
  ) => {
    try {
      const result = await database.pool.query<Row>({
        text,
        values,
        query_timeout: database.timeoutFor(remainingMs),
      } as { text: string; values: unknown[] });
      return result.rows;
    } catch (error) {
      throw databaseError(error);
    }
  };
  const findByRequestId = async (requestId: string, remainingMs?: number) => {
    const rows = await query<OrderRow>(
      "SELECT request_fingerprint, order_message FROM checkout.orders WHERE request_id = $1",
      [requestId],
      remainingMs,
    );
    return rows[0] === undefined ? undefined : recordOf(rows[0]);
  };
  return {
    findByRequestId,
    async insertOrder(record, remainingMs) {
      const { order } = record;
      const inserted = await query<{ order_id: string }>(
        `INSERT INTO checkout.orders
           (order_id, request_id, request_fingerprint, customer_id, placed_at, order_message)
         VALUES ($1, $2, $3, $4, to_timestamp($5::double precision / 1000), $6)
         ON CONFLICT (request_id) DO NOTHING RETURNING order_id`,
        [
          order.id,
          order.requestId,
          record.fingerprint,
          order.customerId,
          placedAtMs(order),
          toBinary(OrderSchema, order),
        ],
        remainingMs,
      );
      if (inserted.length > 0) return record;
      const winner = await findByRequestId(order.requestId, remainingMs);
      if (winner === undefined)
        throw databaseError(new Error(`order of request ${order.requestId} vanished`));
      return winner;
    },
    async getOrder(id, remainingMs) {
      const rows = await query<OrderRow>(
        "SELECT request_fingerprint, order_message FROM checkout.orders WHERE order_id = $1",
        [id],
        remainingMs,
      );
      return rows[0] === undefined ? undefined : recordOf(rows[0]).order;
    },
    async listOrders(customerId, page, remainingMs) {
      const after = page.after;
      const rows = await query<OrderRow>(
        `SELECT request_fingerprint, order_message FROM checkout.orders
         WHERE customer_id = $1
           AND ($2::double precision IS NULL
                OR (placed_at, order_id) < (to_timestamp($2::double precision / 1000), $3::text))
         ORDER BY placed_at DESC, order_id DESC LIMIT $4`,
        [customerId, after?.placedAtMs ?? null, after?.orderId ?? "", page.limit + 1],
        remainingMs,
      );
      const orders: Order[] = rows.slice(0, page.limit).map((row) => recordOf(row).order);
      return { orders, hasMore: rows.length > page.limit };
    },
  };
}
