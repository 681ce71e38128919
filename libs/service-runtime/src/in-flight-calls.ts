/**
 * The message of a call shed by load shedding (RESOURCE_EXHAUSTED), on both stacks. Envoy's
 * retry policy recognises a shed call by its start, "server overloaded:" (see
 * `@switchyard/envoy-config`), and retries it on another replica; keep the two in step.
 */
export const shedCallMessage = "server overloaded: too many calls in flight";

/** Counts the calls a replica is serving, sheds load above a limit and tells when all are done. */
export interface InFlightCalls {
  /** Calls admitted and not yet finished. */
  readonly count: number;
  /** Calls shed since start (answered RESOURCE_EXHAUSTED before any work). */
  readonly shedCount: number;
  /**
   * Admits a call when fewer than the limit are in flight and returns the
   * function that marks it finished (idempotent); `undefined` when the call
   * must be shed.
   */
  tryAdmit(): (() => void) | undefined;
  /** Resolves once no call is in flight (at once when none is). */
  whenIdle(): Promise<void>;
}

/** Creates an {@link InFlightCalls} admitting at most `limit` calls; 0 means no limit. */
export function createInFlightCalls(limit: number): InFlightCalls {
  let count = 0;
  let shedCount = 0;
  let idleWaiters: (() => void)[] = [];
  return {
    get count() {
      return count;
    },
    get shedCount() {
      return shedCount;
    },
    tryAdmit() {
      if (limit > 0 && count >= limit) {
        shedCount++;
        return undefined;
      }
      count++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        count--;
        if (count === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      };
    },
    whenIdle() {
      if (count === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
