import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";

/** Names of checkout's dependencies, as they appear in error messages. */
export type DependencyName = "catalog" | "pricing";

/** What one outgoing call inherits from the incoming call that caused it. */
export interface DependencyCall {
  /** Aborts when the incoming call is cancelled (by its client or its deadline). */
  readonly signal: AbortSignal;
  /** Time the outgoing call may take: the incoming remaining deadline minus the margin, capped. */
  readonly timeoutMs: number;
  /**
   * Whether `timeoutMs` is checkout's own cap rather than the caller's
   * deadline: a dependency that overruns it is too slow or unreachable
   * (UNAVAILABLE, worth retrying), not a caller out of time (DEADLINE_EXCEEDED).
   */
  readonly capped: boolean;
}

/** Options for {@link dependencyCallFrom}. */
export interface DependencyCallOptions {
  /** Cap on any one dependency call. */
  readonly maxTimeoutMs: number;
  /** Time kept back from the incoming deadline. */
  readonly marginMs: number;
}

/**
 * Derives an outgoing call from the handler's context: cancellation (the
 * handler's signal), the deadline (what is left of the caller's, minus
 * `marginMs`, at most `maxTimeoutMs`). Trace context is not its business: the
 * clients' telemetry interceptors forward it. Evaluated per
 * outgoing call, so a later call gets only the time that is still left. Fails
 * with DEADLINE_EXCEEDED when the margin leaves no time for `dependency`.
 */
export function dependencyCallFrom(
  context: HandlerContext,
  dependency: DependencyName,
  options: DependencyCallOptions,
): DependencyCall {
  const remaining = context.timeoutMs();
  const callerBudget = remaining === undefined ? Infinity : remaining - options.marginMs;
  const timeoutMs = Math.min(options.maxTimeoutMs, callerBudget);
  if (timeoutMs <= 0) {
    throw new ConnectError(`deadline too short to call ${dependency}`, Code.DeadlineExceeded);
  }
  return { signal: context.signal, timeoutMs, capped: options.maxTimeoutMs < callerBudget };
}

/**
 * The error checkout answers when `call` to a dependency fails with `code`:
 * the dependency is named; UNAVAILABLE keeps its code and overload becomes
 * UNAVAILABLE, so clients and proxies retry; DEADLINE_EXCEEDED stays so when
 * the caller's deadline ran out, and becomes UNAVAILABLE when checkout's own
 * cap did (the dependency hangs, e.g. an unreachable host that never refuses);
 * anything else is INTERNAL (the detail goes to `cause`).
 */
export function dependencyError(
  dependency: DependencyName,
  code: Code,
  message: string,
  cause: unknown,
  call?: Pick<DependencyCall, "capped" | "timeoutMs">,
): ConnectError {
  if (code === Code.DeadlineExceeded && call?.capped === true) {
    return new ConnectError(
      `${dependency} unavailable: no answer within ${call.timeoutMs} ms`,
      Code.Unavailable,
      undefined,
      undefined,
      cause,
    );
  }
  switch (code) {
    case Code.Unavailable:
      return new ConnectError(
        `${dependency} unavailable: ${message}`,
        Code.Unavailable,
        undefined,
        undefined,
        cause,
      );
    case Code.ResourceExhausted:
      return new ConnectError(
        `${dependency} overloaded: ${message}`,
        Code.Unavailable,
        undefined,
        undefined,
        cause,
      );
    case Code.DeadlineExceeded:
      return new ConnectError(
        `${dependency} did not answer in time`,
        Code.DeadlineExceeded,
        undefined,
        undefined,
        cause,
      );
    case Code.Canceled:
      return new ConnectError(`call to ${dependency} cancelled`, Code.Canceled, undefined, undefined, cause);
    default:
      return new ConnectError(`${dependency} failed`, Code.Internal, undefined, undefined, cause);
  }
}
