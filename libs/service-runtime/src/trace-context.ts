import { isSpanContextValid, trace } from "@opentelemetry/api";
/**
 * The trace id of a W3C `traceparent` header (`00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`),
 * or `undefined` when the header is absent or malformed.
 */
export function traceIdFromTraceparent(traceparent: string | null | undefined): string | undefined {
  if (traceparent == null) return undefined;
  const match = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent.trim());
  const traceId = match?.[1];
  return traceId === undefined || /^0+$/.test(traceId) ? undefined : traceId;
}

/** Trace and span ids for a call's log lines. */
export interface CallTraceIds {
  readonly traceId?: string;
  readonly spanId?: string;
}

/**
 * The ids that tie a call's log lines to its trace: the active OpenTelemetry
 * span's (the server span opened by the telemetry interceptor) when telemetry
 * runs, else the trace id of the caller's `traceparent`, so logs of services
 * without an SDK still correlate with the caller's trace.
 */
export function callTraceIds(traceparent: string | null | undefined): CallTraceIds {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext !== undefined && isSpanContextValid(spanContext)) {
    return { traceId: spanContext.traceId, spanId: spanContext.spanId };
  }
  const traceId = traceIdFromTraceparent(traceparent);
  return traceId === undefined ? {} : { traceId };
}
