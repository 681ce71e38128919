import { readFile } from "node:fs/promises";
import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { ProductSchema, type Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";

/**
 * Where products come from. The service depends only on this interface, so a
 * team can swap the bundled JSON file for a database.
 */
export interface ProductStore {
  /** The product with `id`, or `undefined` when there is none. */
  getProduct(id: string): Promise<Product | undefined>;
}

/** A store that keeps `products` in memory, keyed by id. */
export function createInMemoryProductStore(products: readonly Product[]): ProductStore {
  const byId = new Map(products.map((product) => [product.id, product]));
  return {
    getProduct: (id) => Promise.resolve(byId.get(id)),
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
