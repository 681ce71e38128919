import type pg from "pg";
import {
  createNotificationListener,
  databaseError,
  runInTransaction,
  type DatabasePool,
} from "@switchyard/postgres";
import { alreadyReservedError, stockShortError } from "./catalog-errors.js";
import {
  sameLines,
  sortedLines,
  type ReservedLine,
  type StockReservation,
  type StockSnapshot,
  type StockStore,
} from "./stock-store.js";

/** The NOTIFY channel of stock level changes (see migrations/…_stock.sql). */
export const stockLevelsChannel = "catalog_stock_levels";

/** A {@link StockStore} in PostgreSQL, see {@link createPostgresStockStore}. */
export interface PostgresStockStore extends StockStore {
  /** Whether the change feed listens now; streams miss changes while it does not. */
  isListening(): boolean;
  /** Resolves once the change feed listens for the first time. */
  readonly listening: Promise<void>;
  /** Stops the change feed (the pool is the caller's). */
  close(): Promise<void>;
}

interface LevelRow {
  product_id: string;
  available: number;
  updated_at: Date;
}

const snapshot = (row: LevelRow): StockSnapshot => ({
  productId: row.product_id,
  available: row.available,
  updatedAt: row.updated_at,
});

/** Inserts a level for each product of `levels` that has none yet; existing levels are kept. */
export async function seedStockLevels(
  database: DatabasePool,
  levels: ReadonlyMap<string, number>,
): Promise<void> {
  await database.pool.query(
    `INSERT INTO catalog.stock_levels (product_id, available)
     SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (product_id) DO NOTHING`,
    [[...levels.keys()], [...levels.values()]],
  );
}

async function lockedLevels(
  client: pg.PoolClient,
  productIds: readonly string[],
): Promise<Map<string, LevelRow>> {
  // Rows are locked in product id order, so two reservations never wait on each other in a cycle.
  const result = await client.query<LevelRow>(
    `SELECT product_id, available, updated_at FROM catalog.stock_levels
     WHERE product_id = ANY($1::text[]) ORDER BY product_id FOR UPDATE`,
    [productIds],
  );
  return new Map(result.rows.map((row) => [row.product_id, row]));
}

async function applyDelta(
  client: pg.PoolClient,
  lines: readonly ReservedLine[],
  sign: 1 | -1,
): Promise<LevelRow[]> {
  const result = await client.query<LevelRow>(
    `UPDATE catalog.stock_levels AS level
     SET available = level.available + $3 * line.quantity, updated_at = clock_timestamp()
     FROM unnest($1::text[], $2::int[]) AS line(product_id, quantity)
     WHERE level.product_id = line.product_id
     RETURNING level.product_id, level.available, level.updated_at`,
    [lines.map((line) => line.productId), lines.map((line) => line.quantity), sign],
  );
  return result.rows;
}

async function reserveInTransaction(
  client: pg.PoolClient,
  orderId: string,
  lines: ReservedLine[],
): Promise<StockReservation> {
  // A concurrent call for the same order waits here on the primary key until the first commits.
  await client.query(
    `INSERT INTO catalog.stock_reservations (order_id, lines, state) VALUES ($1, $2, 'released')
     ON CONFLICT (order_id) DO NOTHING`,
    [orderId, JSON.stringify(lines)],
  );
  const existing = await client.query<{ lines: ReservedLine[]; state: string }>(
    "SELECT lines, state FROM catalog.stock_reservations WHERE order_id = $1 FOR UPDATE",
    [orderId],
  );
  const row = existing.rows[0];
  if (row === undefined) throw new Error(`reservation ${orderId} vanished inside its transaction`);
  if (!sameLines(sortedLines(row.lines), lines)) throw alreadyReservedError(orderId);
  const levels = await lockedLevels(
    client,
    lines.map((line) => line.productId),
  );
  if (row.state === "reserved") {
    return {
      orderId,
      lines,
      levels: lines.flatMap((line) => levels.get(line.productId) ?? []).map(snapshot),
    };
  }
  const short = lines.flatMap((line) => {
    const available = levels.get(line.productId)?.available ?? 0;
    return available < line.quantity ? [{ ...line, available }] : [];
  });
  if (short.length > 0) throw stockShortError(short);
  const updated = await applyDelta(client, lines, -1);
  await client.query(
    "UPDATE catalog.stock_reservations SET state = 'reserved', updated_at = clock_timestamp() WHERE order_id = $1",
    [orderId],
  );
  return { orderId, lines, levels: sortedRows(updated).map(snapshot) };
}

function sortedRows(rows: LevelRow[]): LevelRow[] {
  return rows.sort((a, b) => (a.product_id < b.product_id ? -1 : 1));
}

/**
 * Stock levels and reservations in the catalog's own schema, shared by every replica.
 * A reservation is one transaction: the order's row (its primary key makes a repeated or
 * racing call for the same order wait, then find it), the levels locked in product id
 * order, every line checked, then taken. Each changed level fires a NOTIFY (a trigger, see
 * the migration) that {@link createNotificationListener} hands to this replica's
 * subscribers; after a reconnection every level is re-read and sent, since notifications
 * sent meanwhile are lost.
 *
 * Long by design: a closure-based object; its short methods share the pool and the change feed.
 */
export function createPostgresStockStore(database: DatabasePool, databaseUrl: string): PostgresStockStore {
  const listeners = new Set<(change: StockSnapshot) => void>();
  const publish = (change: StockSnapshot): void => {
    for (const listener of [...listeners]) listener(change);
  };
  const resendAll = async (): Promise<void> => {
    const result = await database.pool.query<LevelRow>(
      "SELECT product_id, available, updated_at FROM catalog.stock_levels",
    );
    for (const row of result.rows) publish(snapshot(row));
  };
  let firstListen = true;
  const feed = createNotificationListener({
    url: databaseUrl,
    channel: stockLevelsChannel,
    connectTimeoutMs: database.config.connectTimeoutMs,
    onNotification: (payload) => {
      const change = JSON.parse(payload) as { product_id: string; available: number; updated_at: string };
      publish({
        productId: change.product_id,
        available: change.available,
        updatedAt: new Date(change.updated_at),
      });
    },
    onListening: () => {
      if (firstListen) firstListen = false;
      else void resendAll().catch(() => undefined);
    },
  });
  return {
    async getLevels(productIds) {
      try {
        const result = await database.pool.query<LevelRow>(
          "SELECT product_id, available, updated_at FROM catalog.stock_levels WHERE product_id = ANY($1::text[])",
          [productIds],
        );
        const byId = new Map(result.rows.map((row) => [row.product_id, snapshot(row)]));
        return productIds.flatMap((id) => byId.get(id) ?? []);
      } catch (error) {
        throw databaseError(error);
      }
    },
    subscribe(listener) {
      const entry = (change: StockSnapshot): void => {
        listener(change);
      };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    async reserve(orderId, requested, remainingMs) {
      const lines = sortedLines(requested);
      try {
        return await runInTransaction(database, database.timeoutFor(remainingMs), (client) =>
          reserveInTransaction(client, orderId, lines),
        );
      } catch (error) {
        throw databaseError(error);
      }
    },
    async release(orderId, remainingMs) {
      try {
        return await runInTransaction(database, database.timeoutFor(remainingMs), async (client) => {
          const released = await client.query<{ lines: ReservedLine[] }>(
            `UPDATE catalog.stock_reservations SET state = 'released', updated_at = clock_timestamp()
             WHERE order_id = $1 AND state = 'reserved' RETURNING lines`,
            [orderId],
          );
          const row = released.rows[0];
          if (row === undefined) return false;
          const lines = sortedLines(row.lines);
          await lockedLevels(
            client,
            lines.map((line) => line.productId),
          );
          await applyDelta(client, lines, 1);
          return true;
        });
      } catch (error) {
        throw databaseError(error);
      }
    },
    isListening: () => feed.isListening(),
    listening: feed.listening,
    close: () => feed.close(),
  };
}
