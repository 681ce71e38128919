import { useEffect, useMemo, useState } from "react";
import type { Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import type { Order } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import type { StorefrontApi } from "./api.js";
import { CartSummary, type CartLine } from "./cart.js";
import { CheckoutForm } from "./checkout-form.js";
import { formatMoney } from "./money.js";
import { ProductList } from "./product-list.js";
import { ProductPage } from "./product-page.js";

/** The product id in a `#/product/<id>` location, if that is where the page is. */
function productIdOf(hash: string): string | undefined {
  const match = /^#\/product\/(.+)$/.exec(hash);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

/**
 * The storefront: products or one product on the left, cart and checkout on the right.
 * Mostly markup; the state it holds (route, cart, promo code, login) is the page's own.
 */
export function App({ api }: { readonly api: StorefrontApi }) {
  const [hash, setHash] = useState(window.location.hash);
  const [cart, setCart] = useState<ReadonlyMap<string, CartLine>>(new Map());
  const [promoCode, setPromoCode] = useState("");
  const [placed, setPlaced] = useState<Order | undefined>();
  const lines = useMemo(() => [...cart.values()], [cart]);
  const [signedInAs, setSignedInAs] = useState<string | undefined>();

  useEffect(() => {
    void api.login.then((login) => {
      setSignedInAs(login?.subject);
    });
  }, [api]);

  useEffect(() => {
    const follow = () => {
      setHash(window.location.hash);
    };
    window.addEventListener("hashchange", follow);
    return () => {
      window.removeEventListener("hashchange", follow);
    };
  }, []);

  const add = (product: Product, quantity: number) => {
    setPlaced(undefined);
    setCart((previous) => {
      const next = new Map(previous);
      next.set(product.id, { product, quantity: (previous.get(product.id)?.quantity ?? 0) + quantity });
      return next;
    });
  };
  const remove = (productId: string) => {
    setCart((previous) => {
      const next = new Map(previous);
      next.delete(productId);
      return next;
    });
  };
  const productId = productIdOf(hash);

  return (
    <>
      <header>
        <h1>
          <a href="#/">Switchyard coffee</a>
        </h1>
        <p className="signed-in" data-testid="signed-in">
          {signedInAs === undefined ? "Not signed in" : `Signed in as ${signedInAs} (dev login)`}
        </p>
      </header>
      <main>
        <div className="browse">
          {productId === undefined ? (
            <ProductList api={api} />
          ) : (
            <ProductPage api={api} productId={productId} onAdd={add} />
          )}
        </div>
        <aside aria-label="Cart and checkout">
          {placed === undefined ? null : (
            <p role="status" className="placed" data-testid="order-placed">
              Order <strong>{placed.id}</strong> placed: {formatMoney(placed.quote?.total)}.
            </p>
          )}
          <CartSummary api={api} lines={lines} promoCode={promoCode} onRemove={remove} />
          <CheckoutForm
            api={api}
            lines={lines}
            promoCode={promoCode}
            onPromoCodeChange={setPromoCode}
            onPlaced={(order) => {
              setPlaced(order);
              setCart(new Map());
              setPromoCode("");
            }}
          />
        </aside>
      </main>
    </>
  );
}
