import { useEffect, useState } from "react";
import type { StorefrontApi } from "./api.js";

/** Live stock levels by product id, and whether the stream is up right now. */
export interface StockLevels {
  readonly available: ReadonlyMap<string, number>;
  readonly live: boolean;
}

/** First wait before reconnecting; doubled after each failed attempt up to {@link maxBackoffMs}. */
const initialBackoffMs = 250;
const maxBackoffMs = 8000;

/**
 * Streams stock levels for `productIds` with `WatchStockLevels` (a server stream over
 * gRPC-Web) and reconnects when the stream ends or fails (Envoy restarted, a replica drained,
 * the connection's maximum age), waiting with exponential backoff and jitter so that a fleet
 * of open pages does not reconnect in step. The backoff resets once a message arrives.
 */
export function useStockLevels(api: StorefrontApi, productIds: readonly string[]): StockLevels {
  const [available, setAvailable] = useState<ReadonlyMap<string, number>>(new Map());
  const [live, setLive] = useState(false);
  const key = [...productIds].sort().join(",");

  useEffect(() => {
    if (key === "") return undefined;
    const ids = key.split(",");
    const abort = new AbortController();
    const stopped = () => abort.signal.aborted;
    const watch = async () => {
      let backoffMs = initialBackoffMs;
      while (!stopped()) {
        try {
          for await (const message of api.catalog.watchStockLevels(
            { productIds: ids },
            { signal: abort.signal },
          )) {
            setLive(true);
            backoffMs = initialBackoffMs;
            if (message.event.case === "stockLevel") {
              const level = message.event.value;
              setAvailable((previous) => new Map(previous).set(level.productId, level.available));
            }
          }
        } catch {
          // Ended by the server, the proxy or the network: reconnect below.
        }
        setLive(false);
        if (stopped()) return;
        const waitMs = backoffMs / 2 + Math.random() * (backoffMs / 2);
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
      }
    };
    void watch();
    return () => {
      abort.abort();
    };
  }, [api, key]);

  return { available, live };
}
