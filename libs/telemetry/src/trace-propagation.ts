import { context, propagation } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";

let ensured = false;

/**
 * Makes W3C trace context flow through a process even when no SDK records spans: an
 * AsyncLocalStorage context manager (so what a server interceptor makes active is still
 * active in the calls its handler makes) and the W3C `traceparent`/`baggage` propagators
 * (the SDK's defaults). Without an SDK the spans are non-recording and carry the caller's
 * context, so an outgoing call forwards the incoming `traceparent` unchanged: the
 * interceptors are then the one place trace context crosses a service, with telemetry on
 * or off. When the SDK started first, its own (equivalent) registrations stay.
 */
export function ensureTraceContextPropagation(): void {
  if (ensured) return;
  ensured = true;
  // Each returns false, changing nothing, when the SDK registered its own already.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
}
