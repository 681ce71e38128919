import { readFile } from "node:fs/promises";
import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { ProductSchema, type Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";

/** A filtered, keyset-paginated read of the catalogue. */
export interface ProductQuery {
  /** Only products of this category slug; every category when absent. */
  readonly category?: string;
  /** Only products whose name or description contains this text, ignoring case. */
  readonly text?: string;
  /** Only products whose id sorts after this one (the previous page's last id). */
  readonly afterId?: string;
  /** Most products to return. */
  readonly limit: number;
}

/** One page of {@link ProductStore.listProducts}. */
export interface ProductPage {
  /** Matching products, ordered by id. */
  readonly products: readonly Product[];
  /** Whether more matching products follow the last one. */
  readonly hasMore: boolean;
}

/**
 * Where products come from. The service depends only on this interface, so a
 * team can swap the bundled JSON file for a database: `listProducts` maps to
 * `WHERE id > $afterId ... ORDER BY id LIMIT $limit + 1`.
 */
export interface ProductStore {
  /** The product with `id`, or `undefined` when there is none. */
  getProduct(id: string): Promise<Product | undefined>;
  /** Products matching `query`, ordered by id. */
  listProducts(query: ProductQuery): Promise<ProductPage>;
}

function matches(product: Product, query: ProductQuery): boolean {
  if (query.category !== undefined && product.category !== query.category) return false;
  if (query.afterId !== undefined && product.id <= query.afterId) return false;
  if (query.text !== undefined) {
    const text = query.text.toLowerCase();
    return product.name.toLowerCase().includes(text) || product.description.toLowerCase().includes(text);
  }
  return true;
}

/** A store that keeps `products` in memory, keyed and ordered by id. */
export function createInMemoryProductStore(products: readonly Product[]): ProductStore {
  const byId = new Map(products.map((product) => [product.id, product]));
  const ordered = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    getProduct: (id) => Promise.resolve(byId.get(id)),
    listProducts: (query) => {
      const found: Product[] = [];
      for (const product of ordered) {
        if (!matches(product, query)) continue;
        if (found.length === query.limit) return Promise.resolve({ products: found, hasMore: true });
        found.push(product);
      }
      return Promise.resolve({ products: found, hasMore: false });
    },
  };
}

/** Path of the product data file that ships with the service. */
export const bundledProductsPath = new URL("../data/products.json", import.meta.url);

/**
 * Loads products from a JSON file holding an array of `switchyard.catalog.v1.Product`
 * in proto3 JSON form. Unknown fields or bad values fail with the file's name.
 */
export async function loadProductsFile(path: URL | string): Promise<Product[]> {
  const json = JSON.parse(await readFile(path, "utf8")) as unknown;
  if (!Array.isArray(json)) {
    throw new Error(`${String(path)}: expected a JSON array of products`);
  }
  return json.map((entry: JsonValue, index) => {
    try {
      return fromJson(ProductSchema, entry);
    } catch (cause) {
      throw new Error(`${String(path)}: product #${index} is invalid`, { cause });
    }
  });
}
