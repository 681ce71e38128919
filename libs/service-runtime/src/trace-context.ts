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
