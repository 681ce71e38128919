import type { DescMethod } from "@bufbuild/protobuf";

/** The deadline rules of {@link effectiveTimeoutMs}. */
export interface DeadlinePolicy {
  /** Timeout of a unary call that has none. */
  readonly defaultDeadlineMs: number;
  /** Longest timeout a unary call may have. */
  readonly maxDeadlineMs: number;
}

/**
 * The timeout the server enforces for a call: unary calls without one get the
 * default, longer ones are cut to the cap. Streaming calls keep what the client
 * asked for (`undefined` = none), since streams such as health Watch are meant
 * to live long; connection age and drain bound them instead.
 */
export function effectiveTimeoutMs(
  method: Pick<DescMethod, "methodKind">,
  requestedMs: number | undefined,
  policy: DeadlinePolicy,
): number | undefined {
  if (method.methodKind !== "unary") return requestedMs;
  return Math.min(requestedMs ?? policy.defaultDeadlineMs, policy.maxDeadlineMs);
}

/**
 * How long a call may wait for its request (unary) or its first request message
 * (streams): its deadline, or the default deadline when it has none, at most the cap.
 * A client that sends headers and no body must not hold an in-flight slot for longer,
 * whatever the method kind: streams are exempt from the default deadline once they
 * run, not while they wait for the message that starts them.
 */
export function requestWaitMs(requestedMs: number | undefined, policy: DeadlinePolicy): number {
  return Math.min(requestedMs ?? policy.defaultDeadlineMs, policy.maxDeadlineMs);
}

const grpcTimeoutUnitsMs: Record<string, number> = {
  H: 3_600_000,
  M: 60_000,
  S: 1000,
  m: 1,
  u: 0.001,
  n: 0.000_001,
};

/**
 * Parses a `grpc-timeout` header value (`<up to 8 digits><H|M|S|m|u|n>`) into
 * milliseconds; `undefined` when absent or malformed (the protocol layer
 * rejects malformed values itself).
 */
export function parseGrpcTimeoutMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  const match = /^(\d{1,8})([HMSmun])$/.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return Number(match[1]) * (grpcTimeoutUnitsMs[match[2]] ?? 1);
}
