import assert from "node:assert/strict";
import { within } from "@switchyard/testing";
import { after, before, describe, it } from "node:test";
import { Code } from "@connectrpc/connect";
import type { Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { summarizeGrpcError, type GrpcErrorSummary } from "@switchyard/testing";
import { startCatalogServer } from "./catalog-server.js";
import {
  bundledProductsPath,
  createInMemoryProductStore,
  loadProductsFile,
  type ProductStore,
} from "./product-store.js";
import { createInMemoryStockStore, type InMemoryStockStore } from "./stock-store.js";
import {
  createConnectCatalogClient,
  createGrpcJsCatalogClient,
  type CatalogTestClient,
} from "./testing/catalog-test-clients.js";

const heartbeatIntervalMs = 100;

async function rejection(promise: Promise<unknown>): Promise<GrpcErrorSummary> {
  try {
    await promise;
  } catch (error) {
    return summarizeGrpcError(error);
  }
  assert.fail("expected the call to fail");
}

/** Reads a server stream to its end and fails the test if any message arrives; cancels the call when done. */
async function expectNoMessages(open: (signal: AbortSignal) => AsyncIterable<unknown>): Promise<void> {
  const abort = new AbortController();
  try {
    for await (const message of open(abort.signal)) {
      assert.fail(
        `no message expected, got ${JSON.stringify(message, (_, value: unknown) => (typeof value === "bigint" ? String(value) : value))}`,
      );
    }
  } finally {
    abort.abort();
  }
}

/** A product store whose lookups of `sku-slow` and listings of category `slow` take `delayMs`, for deadline tests. */
function withSlowProduct(store: ProductStore, delayMs: number): ProductStore {
  return {
    listProducts: async (query) => {
      if (query.category === "slow") await new Promise((resolve) => setTimeout(resolve, delayMs));
      return store.listProducts(query);
    },
    getProduct: async (id) => {
      if (id !== "sku-slow") return store.getProduct(id);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return undefined;
    },
  };
}

describe("catalog RPCs on both client stacks", () => {
  let products: Product[] = [];
  let stock: InMemoryStockStore | undefined;
  let server: RunningService | undefined;
  const clients: CatalogTestClient[] = [];

  before(async () => {
    products = await loadProductsFile(bundledProductsPath);
    stock = createInMemoryStockStore(new Map(products.map((product) => [product.id, 10])));
    server = await startCatalogServer({
      products: withSlowProduct(createInMemoryProductStore(products), 500),
      stock,
      heartbeatIntervalMs,
      config: loadServiceConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    });
    clients.push(createConnectCatalogClient(server.url), createGrpcJsCatalogClient(server.port));
  });

  after(async () => {
    for (const client of clients) client.close();
    await server?.forceClose();
  });

  const stockStore = (): InMemoryStockStore => {
    assert.ok(stock !== undefined, "before() created the stock store");
    return stock;
  };

  for (const stack of ["connect", "grpc-js"]) {
    const client = (): CatalogTestClient => {
      const found = clients.find((candidate) => candidate.stack === stack);
      assert.ok(found !== undefined, `before() created the ${stack} client`);
      return found;
    };

    describe(`with the ${stack} client`, () => {
      it("when a known id is asked, then GetProduct returns the product", async () => {
        const { product } = await client().getProduct({ id: "sku-espresso-250g" });
        assert.equal(product?.name, "Espresso beans 250 g");
        assert.equal(product.unitPrice?.minorUnits, 1290n);
      });

      it("when an unknown id is asked, then GetProduct fails with NOT_FOUND naming it", async () => {
        const error = await rejection(client().getProduct({ id: "sku-missing" }));
        assert.equal(error.code, Code.NotFound);
        assert.match(error.message, /sku-missing/);
      });

      it("when the id is empty, then GetProduct fails with INVALID_ARGUMENT and a field violation on id", async () => {
        const error = await rejection(client().getProduct({ id: "" }));
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(
          error.fieldViolations.map((violation) => violation.field),
          ["id"],
        );
      });

      it("when the deadline passes before the store answers, then GetProduct fails with DEADLINE_EXCEEDED", async () => {
        const started = performance.now();
        const error = await rejection(client().getProduct({ id: "sku-slow" }, { timeoutMs: 100 }));
        assert.equal(error.code, Code.DeadlineExceeded);
        assert.ok(
          performance.now() - started < 400,
          "the call ended at its deadline, not when the store answered",
        );
      });

      it("when the deadline passes before the store answers, then ListProducts fails with DEADLINE_EXCEEDED", async () => {
        const error = await rejection(client().listProducts({ category: "slow" }, { timeoutMs: 100 }));
        assert.equal(error.code, Code.DeadlineExceeded);
      });

      it("when a watch outlives its deadline, then it ends with DEADLINE_EXCEEDED and the server frees its subscription", async () => {
        let messages = 0;
        const error = await rejection(
          (async () => {
            const stream = client().watchStockLevels({ productIds: ["sku-aeropress"] }, { timeoutMs: 300 });
            for await (const message of stream) {
              if (message.event.case !== undefined) messages += 1;
            }
          })(),
        );
        assert.equal(error.code, Code.DeadlineExceeded);
        assert.ok(messages >= 2, `the level and at least one heartbeat arrived first (got ${messages})`);
        await within(2000, "the server dropped its subscription", stockStore().whenNoSubscribers());
      });

      it("when every page is followed, then ListProducts returns every product once, in id order", async () => {
        const seen: string[] = [];
        let pageToken = "";
        let pages = 0;
        do {
          const page = await client().listProducts({ pageSize: 7, pageToken });
          assert.ok(page.products.length <= 7, "a page holds at most page_size products");
          seen.push(...page.products.map((product) => product.id));
          pageToken = page.nextPageToken;
          pages += 1;
        } while (pageToken !== "" && pages < 10);
        assert.equal(pageToken, "", "the last page has no next token");
        assert.deepEqual(seen, products.map((product) => product.id).sort());
        assert.equal(pages, Math.ceil(products.length / 7));
      });

      it("when page_size is 0, then ListProducts returns the default 20", async () => {
        const page = await client().listProducts({});
        assert.equal(page.products.length, 20);
        assert.notEqual(page.nextPageToken, "");
      });

      it("when filtered by category and text, then ListProducts returns only matches", async () => {
        const page = await client().listProducts({ category: "coffee", query: "ROAST" });
        assert.ok(page.products.length >= 2, "the bundled data has roasts");
        for (const product of page.products) {
          assert.equal(product.category, "coffee");
          assert.match(`${product.name} ${product.description}`, /roast/i);
        }
      });

      for (const pageSize of [-1, 101]) {
        it(`when page_size is ${pageSize}, then ListProducts fails with INVALID_ARGUMENT on page_size`, async () => {
          const error = await rejection(client().listProducts({ pageSize }));
          assert.equal(error.code, Code.InvalidArgument);
          assert.deepEqual(
            error.fieldViolations.map((violation) => violation.field),
            ["page_size"],
          );
        });
      }

      it("when the page token is not one the server issued, then ListProducts fails with INVALID_ARGUMENT on page_token", async () => {
        const error = await rejection(client().listProducts({ pageToken: "not-a-token" }));
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(
          error.fieldViolations.map((violation) => violation.field),
          ["page_token"],
        );
      });

      it("when a page token is replayed with another filter, then ListProducts fails with INVALID_ARGUMENT", async () => {
        const first = await client().listProducts({ pageSize: 2, category: "coffee" });
        const error = await rejection(
          client().listProducts({ pageSize: 2, category: "tea", pageToken: first.nextPageToken }),
        );
        assert.equal(error.code, Code.InvalidArgument);
        assert.match(error.fieldViolations[0]?.description ?? "", /another category or query/);
      });

      it("when stock is watched, then the current levels arrive, then heartbeats on a quiet stream, then changes", async () => {
        const abort = new AbortController();
        const received: string[] = [];
        try {
          const stream = client().watchStockLevels(
            { productIds: ["sku-espresso-250g", "sku-aeropress"] },
            { signal: abort.signal },
          );
          for await (const message of stream) {
            const { event } = message;
            if (event.case === "stockLevel")
              received.push(`${event.value.productId}=${event.value.available}`);
            else if (event.case === "heartbeat") received.push("heartbeat");
            if (received.length === 3) stockStore().setAvailable("sku-aeropress", 4);
            if (received.length === 4) break;
          }
        } finally {
          abort.abort();
        }
        assert.deepEqual(received, [
          "sku-espresso-250g=10",
          "sku-aeropress=10",
          "heartbeat",
          "sku-aeropress=4",
        ]);
        stockStore().setAvailable("sku-aeropress", 10);
      });

      it("when the client cancels a watch mid-stream, then the server stops watching and frees its subscription", async () => {
        const abort = new AbortController();
        const stream = client().watchStockLevels(
          { productIds: ["sku-kettle-gooseneck"] },
          { signal: abort.signal },
        );
        let first: string | undefined;
        try {
          for await (const message of stream) {
            first = message.event.case;
            assert.equal(stockStore().subscriberCount, 1, "the open stream holds one subscription");
            abort.abort();
          }
        } catch (error) {
          assert.equal(summarizeGrpcError(error).code, Code.Canceled);
        }
        assert.equal(first, "stockLevel");
        await within(2000, "the server dropped its subscription", stockStore().whenNoSubscribers());
      });

      it("when an unknown product is watched, then WatchStockLevels fails with NOT_FOUND", async () => {
        const error = await rejection(
          expectNoMessages((signal) =>
            client().watchStockLevels({ productIds: ["sku-missing"] }, { signal }),
          ),
        );
        assert.equal(error.code, Code.NotFound);
        assert.match(error.message, /sku-missing/);
      });

      it("when the same product is asked twice, then WatchStockLevels fails with INVALID_ARGUMENT on product_ids", async () => {
        const error = await rejection(
          expectNoMessages((signal) =>
            client().watchStockLevels({ productIds: ["sku-aeropress", "sku-aeropress"] }, { signal }),
          ),
        );
        assert.equal(error.code, Code.InvalidArgument);
        assert.deepEqual(
          error.fieldViolations.map((violation) => violation.field),
          ["product_ids"],
        );
      });
    });
  }
});
