/** An async iterable fed by {@link PushIterable.push} and ended by {@link PushIterable.end}. */
export interface PushIterable<T> {
  push(value: T): void;
  end(): void;
  readonly iterable: AsyncIterable<T>;
}

/**
 * The request side of a client- or bidi-streaming call in tests: messages are
 * pushed as the test goes, and the iterable yields them in order until `end()`.
 */
export function createPushIterable<T>(): PushIterable<T> {
  const queue: T[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  return {
    push(value) {
      queue.push(value);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    iterable: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const next = queue.shift();
          if (next !== undefined) {
            yield next;
            continue;
          }
          if (ended) return;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      },
    },
  };
}
