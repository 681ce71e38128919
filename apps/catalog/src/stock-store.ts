import { readFile } from "node:fs/promises";

/** The stock of one product at one moment. */
export interface StockSnapshot {
  /** The product id. */
  readonly productId: string;
  /** Units available to order. */
  readonly available: number;
  /** When the level last changed. */
  readonly updatedAt: Date;
}

/**
 * Where stock levels come from and where their changes are announced. The
 * service depends only on this interface, so a team can back it with a
 * database and a change feed (e.g. DynamoDB Streams, Postgres LISTEN/NOTIFY)
 * shared by every replica.
 */
export interface StockStore {
  /** The current level of each id that has one, in the order asked. */
  getLevels(productIds: readonly string[]): Promise<StockSnapshot[]>;
  /** Calls `listener` with every change until the returned function is called. */
  subscribe(listener: (change: StockSnapshot) => void): () => void;
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
    setAvailable: (productId, available) => {
      const change = { productId, available, updatedAt: new Date() };
      current.set(productId, change);
      for (const listener of [...listeners]) listener(change);
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
