import type { MessageInitShape } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { credentials } from "@grpc/grpc-js";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import {
  CatalogService,
  type GetProductRequestSchema,
  type GetProductResponse,
  type ListProductsRequestSchema,
  type ListProductsResponse,
  type WatchStockLevelsRequestSchema,
  type WatchStockLevelsResponse,
} from "@switchyard/proto/switchyard/catalog/v1/catalog_service";

/** Per-call options both client stacks understand. */
export interface TestCallOptions {
  /** Deadline from now, in milliseconds. */
  readonly timeoutMs?: number;
  /** Cancels the call. */
  readonly signal?: AbortSignal;
}

/** The catalog's methods, called through one client stack; tests run the same cases on each. */
export interface CatalogTestClient {
  /** "connect" or "grpc-js", for test names. */
  readonly stack: string;
  getProduct(
    request: MessageInitShape<typeof GetProductRequestSchema>,
    options?: TestCallOptions,
  ): Promise<GetProductResponse>;
  listProducts(
    request: MessageInitShape<typeof ListProductsRequestSchema>,
    options?: TestCallOptions,
  ): Promise<ListProductsResponse>;
  watchStockLevels(
    request: MessageInitShape<typeof WatchStockLevelsRequestSchema>,
    options?: TestCallOptions,
  ): AsyncIterable<WatchStockLevelsResponse>;
  /** Releases the client's connections. */
  close(): void;
}

/** A catalog client on `@connectrpc/connect-node`'s gRPC transport. */
export function createConnectCatalogClient(baseUrl: string): CatalogTestClient {
  const client = createClient(CatalogService, createGrpcTransport({ baseUrl }));
  return {
    stack: "connect",
    getProduct: (request, options) => client.getProduct(request, options),
    listProducts: (request, options) => client.listProducts(request, options),
    watchStockLevels: (request, options) => client.watchStockLevels(request, options),
    close: () => undefined,
  };
}

function grpcJsOptions(options: TestCallOptions | undefined) {
  return {
    ...(options?.timeoutMs !== undefined && { deadline: Date.now() + options.timeoutMs }),
    ...(options?.signal !== undefined && { signal: options.signal }),
  };
}

/** A catalog client on `@grpc/grpc-js`, through the grpc-js adapter. */
export function createGrpcJsCatalogClient(port: number): CatalogTestClient {
  const client = createGrpcJsClient(CatalogService, `127.0.0.1:${port}`, credentials.createInsecure());
  return {
    stack: "grpc-js",
    getProduct: (request, options) => client.getProduct(request, grpcJsOptions(options)),
    listProducts: (request, options) => client.listProducts(request, grpcJsOptions(options)),
    watchStockLevels: (request, options) => client.watchStockLevels(request, grpcJsOptions(options)),
    close: () => {
      client.close();
    },
  };
}
