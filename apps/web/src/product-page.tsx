import { useEffect, useState } from "react";
import type { Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { unaryTimeoutMs, type StorefrontApi } from "./api.js";
import { describeCallProblem } from "./call-errors.js";
import { formatMoney } from "./money.js";
import { stockLabel } from "./product-list.js";
import { useStockLevels } from "./stock-levels.js";

/** Props of {@link ProductPage}. */
export interface ProductPageProps {
  readonly api: StorefrontApi;
  readonly productId: string;
  readonly onAdd: (product: Product, quantity: number) => void;
}

/** One product: its details, its stock level as it changes, and "add to cart". */
export function ProductPage({ api, productId, onAdd }: ProductPageProps) {
  const [product, setProduct] = useState<Product | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [quantity, setQuantity] = useState(1);
  const stock = useStockLevels(api, [productId]);
  const available = stock.available.get(productId);

  useEffect(() => {
    let current = true;
    api.catalog.getProduct({ id: productId }, { timeoutMs: unaryTimeoutMs }).then(
      (answer) => {
        if (current) setProduct(answer.product);
      },
      (reason: unknown) => {
        if (!current) return;
        const described = describeCallProblem(reason);
        setProblem(described.kind === "fields" ? "Unknown product." : described.message);
      },
    );
    return () => {
      current = false;
    };
  }, [api, productId]);

  if (problem !== undefined) return <p role="alert">{problem}</p>;
  if (product === undefined) return <p>Loading…</p>;
  return (
    <article aria-labelledby="product-heading">
      <h2 id="product-heading">{product.name}</h2>
      <p>{product.description}</p>
      <p>{formatMoney(product.unitPrice)}</p>
      <p aria-live="polite" data-testid="stock-level">
        {stockLabel(available)}
        {stock.live ? null : <span className="muted"> (reconnecting…)</span>}
      </p>
      <form
        className="add-to-cart"
        onSubmit={(event) => {
          event.preventDefault();
          onAdd(product, quantity);
        }}
      >
        <label htmlFor="quantity">Quantity</label>
        <input
          id="quantity"
          type="number"
          min={1}
          max={100}
          value={quantity}
          onChange={(event) => {
            setQuantity(Math.max(1, Number(event.target.value) || 1));
          }}
        />
        <button type="submit" disabled={available === 0}>
          Add to cart
        </button>
      </form>
      <p>
        <a href="#/">Back to all products</a>
      </p>
    </article>
  );
}
