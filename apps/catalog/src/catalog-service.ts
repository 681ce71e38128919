import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import {
  CatalogService,
  GetProductResponseSchema,
} from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import type { ProductStore } from "./product-store.js";

/** The catalog's RPC handlers, reading from `store`. */
export function createCatalogService(store: ProductStore): ServiceImpl<typeof CatalogService> {
  return {
    async getProduct(request) {
      if (request.id === "") {
        throw new ConnectError("id must not be empty", Code.InvalidArgument);
      }
      const product = await store.getProduct(request.id);
      if (product === undefined) {
        throw new ConnectError(`product "${request.id}" not found`, Code.NotFound);
      }
      return create(GetProductResponseSchema, { product });
    },
  };
}
