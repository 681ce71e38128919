import { useState, type SyntheticEvent } from "react";
import type { Order } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { unaryTimeoutMs, type StorefrontApi } from "./api.js";
import { describeCallProblem, type CallProblem } from "./call-errors.js";
import type { CartLine } from "./cart.js";

/** Props of {@link CheckoutForm}. */
export interface CheckoutFormProps {
  readonly api: StorefrontApi;
  readonly lines: readonly CartLine[];
  readonly promoCode: string;
  readonly onPromoCodeChange: (promoCode: string) => void;
  readonly onPlaced: (order: Order) => void;
}

/**
 * Places the order. The form checks nothing itself: the services' validation rules are the
 * one source, and their `google.rpc.BadRequest` field violations are shown next to the field
 * they name. One request id per cart: a retry after UNAVAILABLE or DEADLINE_EXCEEDED sends the
 * same id, so checkout records the order once however often the user presses the button.
 * Mostly markup: two labelled fields with their errors, a banner and the button.
 */
export function CheckoutForm({ api, lines, promoCode, onPromoCodeChange, onPlaced }: CheckoutFormProps) {
  const [customerId, setCustomerId] = useState("");
  const [problem, setProblem] = useState<CallProblem | undefined>();
  const [pending, setPending] = useState(false);
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const fieldError = (field: string) => (problem?.kind === "fields" ? problem.fields.get(field) : undefined);

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    api.checkout
      .placeOrder(
        {
          requestId,
          customerId: customerId.trim(),
          promoCode,
          lines: lines.map((line) => ({ productId: line.product.id, quantity: line.quantity })),
        },
        { timeoutMs: unaryTimeoutMs },
      )
      .then(
        (answer) => {
          setProblem(undefined);
          setRequestId(crypto.randomUUID());
          if (answer.order !== undefined) onPlaced(answer.order);
        },
        (reason: unknown) => {
          setProblem(describeCallProblem(reason));
        },
      )
      .finally(() => {
        setPending(false);
      });
  };

  const customerError = fieldError("customer_id");
  const promoError = fieldError("promo_code");
  return (
    <form onSubmit={submit} noValidate aria-labelledby="checkout-heading">
      <h2 id="checkout-heading">Checkout</h2>
      {problem?.kind === "retry" ? (
        <p role="alert" className="banner">
          {problem.message}{" "}
          <button type="submit" disabled={pending}>
            Retry
          </button>
        </p>
      ) : null}
      {problem?.kind === "error" ? (
        <p role="alert" className="banner">
          {problem.message}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="customer-id">Customer id</label>
        <input
          id="customer-id"
          value={customerId}
          aria-invalid={customerError !== undefined}
          aria-describedby={customerError === undefined ? undefined : "customer-id-error"}
          onChange={(event) => {
            setCustomerId(event.target.value);
          }}
        />
        {customerError === undefined ? null : (
          <p id="customer-id-error" className="field-error">
            {customerError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="promo-code">Promo code</label>
        <input
          id="promo-code"
          value={promoCode}
          aria-invalid={promoError !== undefined}
          aria-describedby={promoError === undefined ? undefined : "promo-code-error"}
          onChange={(event) => {
            onPromoCodeChange(event.target.value);
          }}
        />
        {promoError === undefined ? null : (
          <p id="promo-code-error" className="field-error">
            {promoError}
          </p>
        )}
      </div>
      {problem?.kind === "fields" && customerError === undefined && promoError === undefined ? (
        <p role="alert" className="field-error">
          {[...problem.fields.entries()].map(([field, message]) => `${field}: ${message}`).join(" ")}
        </p>
      ) : null}
      <button type="submit" disabled={pending || lines.length === 0}>
        Place order
      </button>
    </form>
  );
}
