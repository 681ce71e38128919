import { readFile } from "node:fs/promises";
import { alreadyReservedError, stockShortError } from "./catalog-errors.js";

/** The stock of one product at one moment. */
export interface StockSnapshot {
  /** The product id. */
  readonly productId: string;
  /** Units available to order. */
  readonly available: number;
  /** When the level last changed. */
  readonly updatedAt: Date;
}

/** Units of one product in a reservation. */
export interface ReservedLine {
  readonly productId: string;
  readonly quantity: number;
}

/** An order's reservation, as {@link StockStore.reserve} answers it. */
export interface StockReservation {
  readonly orderId: string;
  /** The reserved lines, ordered by product id. */
  readonly lines: readonly ReservedLine[];
  /** The level of each reserved product after the reservation. */
  readonly levels: readonly StockSnapshot[];
}

/**
 * Where stock levels come from and where their changes are announced. The
 * PostgreSQL store shares levels and changes between every replica
 * (`postgres-stock-store.ts`); the in-memory one serves a single process.
 */
export interface StockStore {
  /** The current level of each id that has one, in the order asked. */
  getLevels(productIds: readonly string[]): Promise<StockSnapshot[]>;
  /** Calls `listener` with every change until the returned function is called. */
  subscribe(listener: (change: StockSnapshot) => void): () => void;
  /**
   * Takes every line's units for `orderId`, all or nothing; a second call for the same
   * order returns the first reservation. FAILED_PRECONDITION naming the short products,
   * ALREADY_EXISTS when the order holds a reservation of other lines. `remainingMs` is
   * the call's time left, which bounds the database's work.
   */
  reserve(orderId: string, lines: readonly ReservedLine[], remainingMs?: number): Promise<StockReservation>;
  /** Gives the order's units back; false when it held none (or they were given back already). */
  release(orderId: string, remainingMs?: number): Promise<boolean>;
}

/** `lines` ordered by product id: the one order reservations compare and lock rows in. */
export function sortedLines(lines: readonly ReservedLine[]): ReservedLine[] {
  return lines
    .map(({ productId, quantity }) => ({ productId, quantity }))
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}

/** Whether two reservations hold the same lines (both sorted by {@link sortedLines}). */
export function sameLines(a: readonly ReservedLine[], b: readonly ReservedLine[]): boolean {
  return (
    a.length === b.length &&
    a.every((line, index) => line.productId === b[index]?.productId && line.quantity === b[index].quantity)
  );
}

/** An in-memory {@link StockStore} that tests and the demo simulator can change. */
export interface InMemoryStockStore extends StockStore {
  /** Sets a product's level and announces the change to every subscriber. */
  setAvailable(productId: string, available: number): void;
  /** Number of live subscriptions (open WatchStockLevels streams). */
  readonly subscriberCount: number;
  /** Resolves once no subscription is left (at once when there is none). */
  whenNoSubscribers(): Promise<void>;
}

/** Creates an in-memory stock store holding `levels` (product id to units). */
export function createInMemoryStockStore(levels: ReadonlyMap<string, number>): InMemoryStockStore {
  const current = new Map<string, StockSnapshot>();
  const startedAt = new Date();
  for (const [productId, available] of levels)
    current.set(productId, { productId, available, updatedAt: startedAt });
  const listeners = new Set<(change: StockSnapshot) => void>();
  const reservations = new Map<string, { lines: ReservedLine[]; released: boolean }>();
  const announce = (productId: string, available: number): StockSnapshot => {
    const change = { productId, available, updatedAt: new Date() };
    current.set(productId, change);
    for (const listener of [...listeners]) listener(change);
    return change;
  };
  let idleWaiters: (() => void)[] = [];
  const settleIdle = (): void => {
    if (listeners.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  return {
    getLevels: (productIds) => Promise.resolve(productIds.flatMap((id) => current.get(id) ?? [])),
    subscribe: (listener) => {
      // A fresh wrapper per subscription, so one listener subscribed twice stays two subscriptions.
      const entry = (change: StockSnapshot): void => {
        listener(change);
      };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
        settleIdle();
      };
    },
    reserve: (orderId, requested) => {
      const lines = sortedLines(requested);
      const existing = reservations.get(orderId);
      if (existing !== undefined && !sameLines(existing.lines, lines)) {
        return Promise.reject(alreadyReservedError(orderId));
      }
      const levelsOf = () => lines.flatMap((line) => current.get(line.productId) ?? []);
      if (existing !== undefined && !existing.released) {
        return Promise.resolve({ orderId, lines, levels: levelsOf() });
      }
      const short = lines.flatMap((line) => {
        const available = current.get(line.productId)?.available ?? 0;
        return available < line.quantity ? [{ ...line, available }] : [];
      });
      if (short.length > 0) return Promise.reject(stockShortError(short));
      for (const line of lines) {
        announce(line.productId, (current.get(line.productId)?.available ?? 0) - line.quantity);
      }
      reservations.set(orderId, { lines, released: false });
      return Promise.resolve({ orderId, lines, levels: levelsOf() });
    },
    release: (orderId) => {
      const existing = reservations.get(orderId);
      if (existing === undefined || existing.released) return Promise.resolve(false);
      existing.released = true;
      for (const line of existing.lines) {
        announce(line.productId, (current.get(line.productId)?.available ?? 0) + line.quantity);
      }
      return Promise.resolve(true);
    },
    setAvailable: (productId, available) => {
      announce(productId, available);
    },
    get subscriberCount() {
      return listeners.size;
    },
    whenNoSubscribers: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
  };
}

/** Path of the stock data file that ships with the service. */
export const bundledStockPath = new URL("../data/stock.json", import.meta.url);

/** Loads stock levels from a JSON object mapping product ids to units available. */
export async function loadStockFile(path: URL | string): Promise<Map<string, number>> {
  const json = JSON.parse(await readFile(path, "utf8")) as unknown;
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new Error(`${String(path)}: expected a JSON object of product id to units`);
  }
  const levels = new Map<string, number>();
  for (const [productId, units] of Object.entries(json)) {
    if (!Number.isInteger(units) || (units as number) < 0) {
      throw new Error(`${String(path)}: stock of "${productId}" must be a non-negative integer`);
    }
    levels.set(productId, units as number);
  }
  return levels;
}
