import { useEffect, useState } from "react";
import type { Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import type { CartQuote } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { unaryTimeoutMs, type StorefrontApi } from "./api.js";
import { describeCallProblem, type CallProblem } from "./call-errors.js";
import { formatMoney } from "./money.js";

/** A line of the cart, kept in the page until the order is placed. */
export interface CartLine {
  readonly product: Product;
  readonly quantity: number;
}

/** Props of {@link CartSummary}. */
export interface CartSummaryProps {
  readonly api: StorefrontApi;
  readonly lines: readonly CartLine[];
  readonly promoCode: string;
  readonly onRemove: (productId: string) => void;
}

/**
 * The cart, priced live by the pricing service (`Quote`) whenever a line or the promo code
 * changes: each line, the discounts applied and the total, all in integer minor units
 * rounded by pricing (half-even), never by the page. Mostly markup: the call is one effect.
 */
export function CartSummary({ api, lines, promoCode, onRemove }: CartSummaryProps) {
  const [quote, setQuote] = useState<CartQuote | undefined>();
  const [problem, setProblem] = useState<CallProblem | undefined>();

  useEffect(() => {
    const currencyCode = lines[0]?.product.unitPrice?.currencyCode;
    if (currencyCode === undefined) {
      setQuote(undefined);
      return undefined;
    }
    let current = true;
    api.pricing
      .quote(
        {
          currencyCode,
          promoCode,
          lineItems: lines.map((line) => ({
            productId: line.product.id,
            quantity: line.quantity,
            unitPrice: line.product.unitPrice,
          })),
        },
        { timeoutMs: unaryTimeoutMs },
      )
      .then(
        (answer) => {
          if (!current) return;
          setProblem(undefined);
          setQuote(answer.quote);
        },
        (reason: unknown) => {
          if (!current) return;
          setQuote(undefined);
          setProblem(describeCallProblem(reason));
        },
      );
    return () => {
      current = false;
    };
  }, [api, lines, promoCode]);

  if (lines.length === 0) return <p>Your cart is empty.</p>;
  return (
    <div>
      <table>
        <caption>Cart</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Line total</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const quoted = quote?.lines.find((candidate) => candidate.productId === line.product.id);
            return (
              <tr key={line.product.id}>
                <td>{line.product.name}</td>
                <td>{line.quantity}</td>
                <td>{formatMoney(quoted?.lineTotal)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => {
                      onRemove(line.product.id);
                    }}
                    aria-label={`Remove ${line.product.name}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {problem === undefined ? null : (
        <p role="alert" className="banner">
          {problem.kind === "fields" ? [...problem.fields.values()].join(" ") : problem.message}
        </p>
      )}
      {quote === undefined ? null : (
        <dl className="quote" data-testid="quote">
          <dt>Subtotal</dt>
          <dd>{formatMoney(quote.subtotal)}</dd>
          {quote.discounts.map((discount) => (
            <div key={discount.code}>
              <dt>Discount {discount.code}</dt>
              <dd>−{formatMoney(discount.amount)}</dd>
            </div>
          ))}
          <dt>Total</dt>
          <dd data-testid="quote-total">{formatMoney(quote.total)}</dd>
        </dl>
      )}
    </div>
  );
}
