/** What {@link StreamQueue.next} resolved with. */
export type StreamQueueResult<T> =
  { readonly kind: "value"; readonly value: T } | { readonly kind: "timeout" } | { readonly kind: "aborted" };

/**
 * A queue between a push source (a store's change listener) and a streaming
 * handler that pulls from it, with a quiet-time timeout for heartbeats and an
 * abort signal for client cancellation. At most one timer is armed at a time,
 * and it is cleared as soon as `next` settles, so a cancelled stream leaves
 * nothing behind.
 */
export interface StreamQueue<T> {
  /** Enqueues a value, waking a pending `next`. Ignored after `close`. */
  push(value: T): void;
  /**
   * The oldest queued value; else waits up to `timeoutMs` for one
   * (`timeout`), or until `signal` aborts (`aborted`).
   */
  next(timeoutMs: number, signal: AbortSignal): Promise<StreamQueueResult<T>>;
  /** Drops queued values and wakes a pending `next` with `aborted`. */
  close(): void;
}

/** Creates an unbounded {@link StreamQueue}. */
export function createStreamQueue<T>(): StreamQueue<T> {
  const items: T[] = [];
  let closed = false;
  let wake: ((result: StreamQueueResult<T>) => void) | undefined;
  return {
    push(value) {
      if (closed) return;
      if (wake === undefined) items.push(value);
      else wake({ kind: "value", value });
    },
    next(timeoutMs, signal) {
      if (closed || signal.aborted) return Promise.resolve({ kind: "aborted" });
      if (items.length > 0) return Promise.resolve({ kind: "value", value: items.shift() as T });
      return new Promise((resolve) => {
        const settle = (result: StreamQueueResult<T>): void => {
          clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          wake = undefined;
          resolve(result);
        };
        const onAbort = (): void => {
          settle({ kind: "aborted" });
        };
        const timer = setTimeout(() => {
          settle({ kind: "timeout" });
        }, timeoutMs);
        signal.addEventListener("abort", onAbort, { once: true });
        wake = settle;
      });
    },
    close() {
      closed = true;
      items.length = 0;
      wake?.({ kind: "aborted" });
    },
  };
}
