import { once } from "node:events";
import type { ServerDuplexStream, ServerUnaryCall } from "@grpc/grpc-js";
import type { GrpcJsAsyncServiceImplementation } from "@switchyard/grpc-js-adapter";
import type {
  EditCartRequest,
  EditCartResponse,
  PricingService,
} from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { createCartEditor } from "./cart-editor.js";
import { quoteCart } from "./cart-pricing.js";
import type { PromoCodeStore } from "./promo-code-store.js";

/** Options for {@link createPricingService}. */
export interface PricingServiceOptions {
  /** Where promo codes come from. */
  readonly promoCodes: PromoCodeStore;
}

/** An AbortSignal that aborts when the grpc-js call is cancelled (by the client or its deadline). */
function cancellationSignal(
  call: ServerUnaryCall<unknown, unknown> | ServerDuplexStream<unknown, unknown>,
): AbortSignal {
  const controller = new AbortController();
  if (call.cancelled) controller.abort();
  else
    call.once("cancelled", () => {
      controller.abort();
    });
  return controller.signal;
}

/**
 * The pricing service's grpc-js handlers. Handlers return promises: the
 * service runtime turns a rejection into the call's status (a ConnectError
 * keeps its code and details). Stateless between calls: a cart being edited
 * lives only as long as its EditCart call.
 */
export function createPricingService(
  options: PricingServiceOptions,
): GrpcJsAsyncServiceImplementation<typeof PricingService> {
  const { promoCodes } = options;

  /**
   * One edit at a time, in order: reading pauses while an edit is priced and
   * its answer written (and drained, under backpressure). Settles when the
   * client half-closes or cancels; rejects with the first edit that fails,
   * which the runtime sends as the call's status.
   */
  function editCart(call: ServerDuplexStream<EditCartRequest, EditCartResponse>): Promise<void> {
    const signal = cancellationSignal(call);
    const editor = createCartEditor(promoCodes);
    return new Promise<void>((resolve, reject) => {
      let chain = Promise.resolve();
      let failed = false;
      const cancelled = (): boolean => signal.aborted;
      const applyEdit = async (request: EditCartRequest): Promise<void> => {
        if (cancelled()) return;
        const response = await editor.apply(request, signal);
        if (cancelled()) return;
        if (!call.write(response)) await once(call, "drain", { signal });
        call.resume();
      };
      call.on("data", (request: EditCartRequest) => {
        call.pause();
        chain = chain
          .then(() => applyEdit(request))
          .catch((error: unknown) => {
            failed = true;
            reject(error instanceof Error ? error : new Error(String(error)));
          });
      });
      call.once("end", () => {
        void chain.then(() => {
          if (failed || signal.aborted) return;
          call.end();
          resolve();
        });
      });
      signal.addEventListener("abort", () => {
        resolve();
      });
    });
  }

  // The runtime's grpc-js server settles a handler's promise into the call's status.
  return {
    quote(call, callback) {
      const { currencyCode, lineItems, promoCode } = call.request;
      return quoteCart({ currencyCode, lineItems, promoCode }, promoCodes, {
        signal: cancellationSignal(call),
      }).then((quote) => {
        callback(null, { quote });
      });
    },
    editCart,
  };
}
