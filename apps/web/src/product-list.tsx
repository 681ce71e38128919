import { useEffect, useState, type SyntheticEvent } from "react";
import type { Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { unaryTimeoutMs, type StorefrontApi } from "./api.js";
import { describeCallProblem } from "./call-errors.js";
import { formatMoney } from "./money.js";
import { useStockLevels } from "./stock-levels.js";

/** Products per page of the list. */
const pageSize = 6;

/** One page of the product list: what was asked for and what came back. */
interface ListPage {
  readonly query: string;
  readonly token: string;
  readonly products: readonly Product[];
  readonly nextToken: string;
}

/**
 * The catalog: a search box and one page of products at a time, with live stock levels.
 * Mostly markup: the list call is one effect, paging keeps the tokens of earlier pages.
 */
export function ProductList({ api }: { readonly api: StorefrontApi }) {
  const [query, setQuery] = useState("");
  const [request, setRequest] = useState({ query: "", token: "" });
  const [previousTokens, setPreviousTokens] = useState<readonly string[]>([]);
  const [page, setPage] = useState<ListPage | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const stock = useStockLevels(api, page?.products.map((product) => product.id) ?? []);

  useEffect(() => {
    let current = true;
    api.catalog
      .listProducts(
        { pageSize, pageToken: request.token, query: request.query },
        { timeoutMs: unaryTimeoutMs },
      )
      .then(
        (answer) => {
          if (!current) return;
          setProblem(undefined);
          setPage({ ...request, products: answer.products, nextToken: answer.nextPageToken });
        },
        (reason: unknown) => {
          if (current) setProblem(describeCallProblem(reason).kind === "retry" ? "retry" : "error");
        },
      );
    return () => {
      current = false;
    };
  }, [api, request]);

  const search = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPreviousTokens([]);
    setRequest({ query: query.trim(), token: "" });
  };

  return (
    <section aria-labelledby="catalog-heading">
      <h2 id="catalog-heading">Products</h2>
      <form role="search" onSubmit={search}>
        <label htmlFor="search">Search products</label>
        <input
          id="search"
          type="search"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
          }}
        />
        <button type="submit">Search</button>
      </form>
      {problem === undefined ? null : (
        <p role="alert" className="banner">
          {problem === "retry"
            ? "The catalog is not answering. Retrying when you search again."
            : "Could not load products."}
        </p>
      )}
      <ul className="products" aria-live="polite">
        {page?.products.map((product) => (
          <li key={product.id}>
            <a href={`#/product/${encodeURIComponent(product.id)}`}>{product.name}</a>
            <span>{formatMoney(product.unitPrice)}</span>
            <span data-testid={`stock-${product.id}`}>{stockLabel(stock.available.get(product.id))}</span>
          </li>
        ))}
      </ul>
      {page !== undefined && page.products.length === 0 ? <p>No products match “{page.query}”.</p> : null}
      <nav aria-label="Pages">
        <button
          type="button"
          disabled={previousTokens.length === 0}
          onClick={() => {
            setRequest({ query: request.query, token: previousTokens.at(-1) ?? "" });
            setPreviousTokens(previousTokens.slice(0, -1));
          }}
        >
          Previous page
        </button>
        <button
          type="button"
          disabled={page === undefined || page.nextToken === ""}
          onClick={() => {
            if (page === undefined) return;
            setPreviousTokens([...previousTokens, request.token]);
            setRequest({ query: request.query, token: page.nextToken });
          }}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}

/** "12 in stock", or a placeholder until the stream has said. */
export function stockLabel(available: number | undefined): string {
  if (available === undefined) return "stock: …";
  return available === 0 ? "out of stock" : `${available} in stock`;
}
