import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client, type Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { credentials, Metadata, status as grpcStatus, type ServiceError } from "@grpc/grpc-js";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { BadRequestSchema, PreconditionFailureSchema } from "@switchyard/proto/google/rpc/error_details";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import type { EntryPoint } from "./entry-points.js";
import { runPythonClient, type PythonStubs } from "./python-client.js";

const execFileAsync = promisify(execFile);

/** A product every catalog serves (apps/catalog/data/products.json), priced in EUR. */
export const knownProduct = "sku-espresso-250g";

/** gRPC's default message limit, which the service runtime keeps (`MAX_RECEIVE_MESSAGE_BYTES`). */
export const maxMessageBytes = 4 * 1024 * 1024;

/** What a case gets: the entry point and the Python stubs of the run. */
export interface SuiteContext {
  readonly entry: EntryPoint;
  readonly pythonStubs: () => PythonStubs;
}

/** One row of the table: a behaviour every entry point must show. */
export interface SuiteCase {
  /** The test name: "when X, then Y". */
  readonly name: string;
  /** Why the case does not apply to `entry` (it is skipped with this reason), or undefined. */
  readonly skip?: (entry: EntryPoint) => string | undefined;
  readonly run: (context: SuiteContext) => Promise<void>;
}

type Protocol = "grpc" | "grpc-web" | "connect";

function transportFor(entry: EntryPoint, service: string, protocol: Protocol = "grpc"): Transport {
  const baseUrl = entry.baseUrl(service);
  const nodeOptions =
    entry.tls?.caPem === undefined
      ? {}
      : {
          nodeOptions: {
            ca: entry.tls.caPem,
            ...(entry.tls.serverName ? { servername: entry.tls.serverName } : {}),
          },
        };
  if (protocol === "grpc") return createGrpcTransport({ baseUrl, ...nodeOptions });
  // The browser protocols over HTTP/1.1, as a browser without HTTP/2 to the proxy sends them.
  if (protocol === "grpc-web") return createGrpcWebTransport({ baseUrl, httpVersion: "1.1", ...nodeOptions });
  return createConnectTransport({ baseUrl, httpVersion: "1.1", ...nodeOptions });
}

function clientFor<S extends DescService>(
  entry: EntryPoint,
  service: S,
  name: string,
  protocol?: Protocol,
): Client<S> {
  return createClient(service, transportFor(entry, name, protocol));
}

async function expectCode(call: Promise<unknown>, code: Code): Promise<ConnectError> {
  try {
    await call;
  } catch (error) {
    const connectError = ConnectError.from(error);
    assert.equal(
      connectError.code,
      code,
      `expected ${Code[code]}, got ${Code[connectError.code]}: ${connectError.rawMessage}`,
    );
    return connectError;
  }
  assert.fail(`expected ${Code[code]}, the call succeeded`);
}

function quoteRequest(promoCode = "", currencyCode = "EUR") {
  return {
    currencyCode,
    promoCode,
    lineItems: [{ productId: knownProduct, quantity: 2, unitPrice: { currencyCode, minorUnits: 1290n } }],
  };
}

function traceparent(): { header: string; traceId: string } {
  const traceId = randomBytes(16).toString("hex");
  return { header: `00-${traceId}-${randomBytes(8).toString("hex")}-01`, traceId };
}

async function untilLogged(
  entry: EntryPoint,
  service: string,
  matches: (line: Readonly<Record<string, unknown>>) => boolean,
): Promise<Readonly<Record<string, unknown>>> {
  const logs = entry.replicaLogs;
  assert.ok(logs, "replica logs are readable");
  // A replica writes its call line when the call ends, which may be just after the client saw the end;
  // a container's log reaches `docker logs` a moment later still.
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = (await logs(service)).find(matches);
    if (found) return found;
    if (Date.now() > deadline) assert.fail(`no log line of ${service} matched`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function grpcJsCredentials(entry: EntryPoint) {
  return entry.tls === undefined
    ? credentials.createInsecure()
    : credentials.createSsl(entry.tls.caPem === undefined ? null : Buffer.from(entry.tls.caPem));
}

function grpcurlTlsArgs(entry: EntryPoint): string[] {
  if (entry.tls === undefined) return ["-plaintext"];
  return [
    ...(entry.tls.caPath === undefined ? [] : ["-cacert", entry.tls.caPath]),
    ...(entry.tls.serverName === undefined ? [] : ["-servername", entry.tls.serverName]),
  ];
}

const noLogs = (entry: EntryPoint) =>
  entry.replicaLogs === undefined ? "the replicas' logs are not readable from here" : undefined;

/**
 * The suite: every case runs against every entry point. Cases that need something only a
 * local topology offers (replica logs, Envoy's admin API) say so in `skip`.
 */
export const suiteCases: readonly SuiteCase[] = [
  {
    name: "when a product is asked (unary, connect-node catalog), then it arrives with x-served-by from every replica behind",
    async run({ entry }) {
      const client = clientFor(entry, CatalogService, "catalog");
      const servedBy = new Set<string>();
      for (let call = 0; call < 6; call++) {
        let replica: string | null = null;
        const { product } = await client.getProduct(
          { id: knownProduct },
          { onHeader: (headers) => (replica = headers.get("x-served-by")), timeoutMs: 5000 },
        );
        assert.equal(product?.id, knownProduct);
        assert.ok(replica, "x-served-by is in the response headers");
        servedBy.add(replica);
      }
      const expected = entry.expectedReplicas("catalog");
      if (expected !== undefined)
        assert.equal(servedBy.size, expected, `served by ${[...servedBy].join(", ")}`);
    },
  },
  {
    name: "when products are listed (unary), then a page arrives with a next page token",
    async run({ entry }) {
      const client = clientFor(entry, CatalogService, "catalog");
      const page = await client.listProducts({ pageSize: 2 }, { timeoutMs: 5000 });
      assert.equal(page.products.length, 2);
      assert.notEqual(page.nextPageToken, "");
    },
  },
  {
    name: "when stock levels are watched (server stream), then events arrive until the client's deadline ends it with DEADLINE_EXCEEDED",
    async run({ entry }) {
      const client = clientFor(entry, CatalogService, "catalog");
      let events = 0;
      const started = Date.now();
      await expectCode(
        (async () => {
          for await (const event of client.watchStockLevels(
            { productIds: [knownProduct] },
            { timeoutMs: 1500 },
          ))
            if (event.event.case !== undefined) events++;
        })(),
        Code.DeadlineExceeded,
      );
      assert.ok(events >= 1, "the current stock level arrived first");
      assert.ok(Date.now() - started < 6000, "the deadline, not a proxy timeout, ended the stream");
    },
  },
  {
    name: "when a quote is asked (unary, grpc-js pricing), then the total arrives",
    async run({ entry }) {
      const client = clientFor(entry, PricingService, "pricing");
      const servedBy = new Set<string>();
      for (let call = 0; call < 4; call++) {
        let replica: string | null = null;
        const { quote } = await client.quote(quoteRequest(), {
          timeoutMs: 5000,
          onHeader: (headers) => (replica = headers.get("x-served-by")),
        });
        assert.equal(quote?.total?.minorUnits, 2580n);
        assert.ok(replica, "x-served-by from the grpc-js stack");
        servedBy.add(replica);
      }
      const expected = entry.expectedReplicas("pricing");
      if (expected !== undefined)
        assert.equal(servedBy.size, expected, `served by ${[...servedBy].join(", ")}`);
    },
  },
  {
    name: "when a cart is edited (bidi stream, grpc-js), then every edit is answered in order",
    async run({ entry }) {
      const client = clientFor(entry, PricingService, "pricing");
      async function* edits() {
        await Promise.resolve();
        yield { edit: { case: "setCurrencyCode" as const, value: "EUR" } };
        yield {
          edit: {
            case: "setLineItem" as const,
            value: {
              productId: knownProduct,
              quantity: 2,
              unitPrice: { currencyCode: "EUR", minorUnits: 1290n },
            },
          },
        };
        yield { edit: { case: "setPromoCode" as const, value: "WELCOME10" } };
      }
      const answers = [];
      for await (const answer of client.editCart(edits(), { timeoutMs: 5000 })) answers.push(answer);
      assert.deepEqual(
        answers.map((answer) => answer.editsApplied),
        [1, 2, 3],
      );
      assert.equal(answers[2]?.quote?.total?.minorUnits, 2322n);
    },
  },
  {
    name: "when an order is placed (unary; checkout calls catalog and pricing), then it gets an id and a total",
    async run({ entry }) {
      const client = clientFor(entry, CheckoutService, "checkout");
      const { order } = await client.placeOrder(
        { requestId: randomUUID(), customerId: "suite", lines: [{ productId: knownProduct, quantity: 1 }] },
        { timeoutMs: 10_000 },
      );
      assert.match(order?.id ?? "", /^ord-/);
      assert.equal(order?.quote?.total?.minorUnits, 1290n);
    },
  },
  {
    name: "when line items are imported (client stream), then one answer counts accepted and rejected rows",
    async run({ entry }) {
      const client = clientFor(entry, CheckoutService, "checkout");
      async function* rows() {
        await Promise.resolve();
        yield { line: { productId: knownProduct, quantity: 1 } };
        yield { line: { productId: "sku-missing", quantity: 1 } };
        yield { line: { productId: knownProduct, quantity: 2 } };
      }
      const response = await client.importLineItems(rows(), { timeoutMs: 10_000 });
      assert.equal(response.received, 3);
      assert.equal(response.accepted, 2);
      assert.deepEqual(
        response.rejected.map((row) => row.productId),
        ["sku-missing"],
      );
      assert.equal(response.lines[0]?.quantity, 3, "rows of one product are merged");
    },
  },
  {
    name: "when a request carries traceparent metadata, then the replica sees it and checkout forwards it to catalog",
    skip: noLogs,
    async run({ entry }) {
      const { header, traceId } = traceparent();
      const client = clientFor(entry, CheckoutService, "checkout");
      await client.placeOrder(
        { requestId: randomUUID(), customerId: "suite", lines: [{ productId: knownProduct, quantity: 1 }] },
        { timeoutMs: 10_000, headers: { traceparent: header } },
      );
      const checkoutLine = await untilLogged(entry, "checkout", (line) => line["traceId"] === traceId);
      assert.equal(checkoutLine["method"], "/switchyard.checkout.v1.CheckoutService/PlaceOrder");
      await untilLogged(
        entry,
        "catalog",
        (line) =>
          line["traceId"] === traceId &&
          line["method"] === "/switchyard.catalog.v1.CatalogService/GetProduct",
      );
    },
  },
  {
    name: "when a request is invalid, then INVALID_ARGUMENT, x-served-by and google.rpc.BadRequest in the trailers survive",
    async run({ entry }) {
      const client = clientFor(entry, CatalogService, "catalog");
      let trailers: Headers | undefined;
      const error = await expectCode(
        client.getProduct({ id: "" }, { timeoutMs: 5000, onTrailer: (received) => (trailers = received) }),
        Code.InvalidArgument,
      );
      const [badRequest] = error.findDetails(BadRequestSchema);
      assert.deepEqual(
        badRequest?.fieldViolations.map((violation) => violation.field),
        ["id"],
      );
      const metadata = trailers ?? error.metadata;
      assert.ok(metadata.get("grpc-status-details-bin"), "grpc-status-details-bin arrived");
      assert.ok(error.metadata.get("x-served-by"), "x-served-by arrived with the error");
    },
  },
  {
    name: "when the services fail a call, then each status code and its message arrive intact",
    async run({ entry }) {
      const catalog = clientFor(entry, CatalogService, "catalog");
      const pricing = clientFor(entry, PricingService, "pricing");
      const checkout = clientFor(entry, CheckoutService, "checkout");
      const notFound = await expectCode(
        catalog.getProduct({ id: "sku-missing" }, { timeoutMs: 5000 }),
        Code.NotFound,
      );
      assert.match(notFound.rawMessage, /sku-missing/);
      // grpc-js answers Trailers-Only; the code must survive that form too.
      const promoNotFound = await expectCode(
        pricing.quote(quoteRequest("NOPE"), { timeoutMs: 5000 }),
        Code.NotFound,
      );
      assert.match(promoNotFound.rawMessage, /NOPE/);
      const precondition = await expectCode(
        pricing.quote(quoteRequest("SPRING15"), { timeoutMs: 5000 }),
        Code.FailedPrecondition,
      );
      assert.equal(
        precondition.findDetails(PreconditionFailureSchema)[0]?.violations[0]?.type,
        "PROMO_MINIMUM_SUBTOTAL",
      );
      await expectCode(
        pricing.quote({ ...quoteRequest(), currencyCode: "eur" }, { timeoutMs: 5000 }),
        Code.InvalidArgument,
      );
      // Checkout keeps a 100 ms margin for its own answer, so it refuses at once when less is left.
      const deadline = await expectCode(
        checkout.placeOrder(
          { requestId: randomUUID(), customerId: "suite", lines: [{ productId: knownProduct, quantity: 1 }] },
          { timeoutMs: 90 },
        ),
        Code.DeadlineExceeded,
      );
      assert.match(
        deadline.rawMessage,
        /deadline too short/,
        "the service, not the client's timer, answered",
      );
    },
  },
  {
    name: "when the client cancels a stream, then the call ends CANCELLED and the replica ends it too",
    async run({ entry }) {
      const client = clientFor(entry, CatalogService, "catalog");
      const abort = new AbortController();
      const { header, traceId } = traceparent();
      let events = 0;
      await expectCode(
        (async () => {
          for await (const event of client.watchStockLevels(
            { productIds: [knownProduct] },
            { signal: abort.signal, timeoutMs: 10_000, headers: { traceparent: header } },
          )) {
            if (event.event.case !== undefined) events++;
            abort.abort();
          }
        })(),
        Code.Canceled,
      );
      assert.equal(events, 1);
      if (entry.replicaLogs !== undefined) {
        // Heartbeats come every 20 s: a replica that logs the end within 5 s saw the cancellation.
        await untilLogged(
          entry,
          "catalog",
          (line) =>
            line["traceId"] === traceId &&
            line["method"] === "/switchyard.catalog.v1.CatalogService/WatchStockLevels",
        );
      }
    },
  },
  {
    name: "when a request is just under 4 MiB, then it reaches the service on both stacks; just over, then RESOURCE_EXHAUSTED",
    async run({ entry }) {
      const catalog = clientFor(entry, CatalogService, "catalog");
      const pricing = clientFor(entry, PricingService, "pricing");
      const almost = "x".repeat(maxMessageBytes - 64);
      // Validation (max_len 128) answers, so the whole message crossed every hop.
      const invalid = await expectCode(
        catalog.getProduct({ id: almost }, { timeoutMs: 10_000 }),
        Code.InvalidArgument,
      );
      assert.equal(invalid.findDetails(BadRequestSchema)[0]?.fieldViolations[0]?.field, "id");
      const invalidPromo = await expectCode(
        pricing.quote(quoteRequest(almost), { timeoutMs: 10_000 }),
        Code.InvalidArgument,
      );
      assert.equal(invalidPromo.findDetails(BadRequestSchema)[0]?.fieldViolations[0]?.field, "promo_code");
      const over = "x".repeat(maxMessageBytes + 1024);
      await expectCode(catalog.getProduct({ id: over }, { timeoutMs: 10_000 }), Code.ResourceExhausted);
      await expectCode(pricing.quote(quoteRequest(over), { timeoutMs: 10_000 }), Code.ResourceExhausted);
    },
  },
  ...(["grpc-web", "connect"] as const).map((protocol): SuiteCase => ({
    name: `when ${protocol} over HTTP/1.1 calls, then answers, NOT_FOUND and BadRequest details arrive`,
    skip: (entry) => (entry.browserProtocols ? undefined : "this entry point serves gRPC over HTTP/2 only"),
    async run({ entry }) {
      const catalog = clientFor(entry, CatalogService, "catalog", protocol);
      const { product } = await catalog.getProduct({ id: knownProduct }, { timeoutMs: 5000 });
      assert.equal(product?.id, knownProduct);
      await expectCode(catalog.getProduct({ id: "sku-missing" }, { timeoutMs: 5000 }), Code.NotFound);
      const invalid = await expectCode(
        catalog.getProduct({ id: "" }, { timeoutMs: 5000 }),
        Code.InvalidArgument,
      );
      assert.equal(invalid.findDetails(BadRequestSchema)[0]?.fieldViolations[0]?.field, "id");
      if (protocol === "grpc-web") {
        // Envoy's grpc_web filter turns gRPC-Web into gRPC, so grpc-js pricing answers it too;
        // the Connect protocol reaches connect-node services only (see README).
        const pricing = clientFor(entry, PricingService, "pricing", protocol);
        const { quote } = await pricing.quote(quoteRequest(), { timeoutMs: 5000 });
        assert.equal(quote?.total?.minorUnits, 2580n);
      }
      const checkout = clientFor(entry, CheckoutService, "checkout", protocol);
      const { order } = await checkout.placeOrder(
        { requestId: randomUUID(), customerId: protocol, lines: [{ productId: knownProduct, quantity: 1 }] },
        { timeoutMs: 10_000 },
      );
      assert.match(order?.id ?? "", /^ord-/);
    },
  })),
  {
    name: "when grpc-js calls every service, then answers, metadata and error codes arrive",
    async run({ entry }) {
      const catalog = createGrpcJsClient(CatalogService, entry.address("catalog"), grpcJsCredentials(entry));
      const pricing = createGrpcJsClient(PricingService, entry.address("pricing"), grpcJsCredentials(entry));
      const checkout = createGrpcJsClient(
        CheckoutService,
        entry.address("checkout"),
        grpcJsCredentials(entry),
      );
      try {
        const deadline = () => Date.now() + 10_000;
        let servedBy: string | undefined;
        const { product } = await catalog.getProduct(
          { id: knownProduct },
          {
            deadline: deadline(),
            onHeader: (metadata: Metadata) => (servedBy = String(metadata.get("x-served-by")[0])),
          },
        );
        assert.equal(product?.id, knownProduct);
        assert.match(servedBy ?? "", /^catalog-/);
        const { quote } = await pricing.quote(quoteRequest(), { deadline: deadline() });
        assert.equal(quote?.total?.minorUnits, 2580n);
        const { order } = await checkout.placeOrder(
          {
            requestId: randomUUID(),
            customerId: "grpc-js",
            lines: [{ productId: knownProduct, quantity: 1 }],
          },
          { deadline: deadline() },
        );
        assert.match(order?.id ?? "", /^ord-/);
        await assert.rejects(
          catalog.getProduct({ id: "sku-missing" }, { deadline: deadline() }),
          (error: ServiceError) => {
            assert.equal(error.code, grpcStatus.NOT_FOUND);
            assert.match(error.details, /sku-missing/);
            return true;
          },
        );
        await assert.rejects(
          pricing.quote(quoteRequest("SPRING15"), { deadline: deadline() }),
          (error: ServiceError) => {
            assert.equal(error.code, grpcStatus.FAILED_PRECONDITION);
            assert.equal(error.metadata.get("grpc-status-details-bin").length, 1, "details in the trailers");
            return true;
          },
        );
        const stream = catalog.watchStockLevels(
          { productIds: [knownProduct] },
          { deadline: Date.now() + 1500 },
        );
        let events = 0;
        await assert.rejects(
          (async () => {
            for await (const event of stream) if (event.event.case !== undefined) events++;
          })(),
          (error: ServiceError) => {
            assert.equal(error.code, grpcStatus.DEADLINE_EXCEEDED);
            return true;
          },
        );
        assert.ok(events >= 1);
      } finally {
        catalog.close();
        pricing.close();
        checkout.close();
      }
    },
  },
  {
    name: "when grpcurl describes and calls every service over reflection, then each answers",
    async run({ entry }) {
      const tlsArgs = grpcurlTlsArgs(entry);
      const calls = [
        {
          service: "catalog",
          method: `${CatalogService.typeName}/GetProduct`,
          body: { id: knownProduct },
          expect: knownProduct,
        },
        {
          service: "pricing",
          method: `${PricingService.typeName}/Quote`,
          body: {
            currency_code: "EUR",
            line_items: [
              {
                product_id: knownProduct,
                quantity: 2,
                unit_price: { currency_code: "EUR", minor_units: "1290" },
              },
            ],
          },
          expect: '"minorUnits": "2580"',
        },
        {
          service: "checkout",
          method: `${CheckoutService.typeName}/PlaceOrder`,
          body: {
            request_id: randomUUID(),
            customer_id: "grpcurl",
            lines: [{ product_id: knownProduct, quantity: 1 }],
          },
          expect: '"id": "ord-',
        },
      ];
      for (const call of calls) {
        const target = entry.address(call.service);
        const { stdout: described } = await execFileAsync(
          "grpcurl",
          [...tlsArgs, target, "describe", call.method.split("/")[0] ?? ""],
          { timeout: 10_000 },
        );
        assert.match(described, /is a service/);
        const { stdout } = await execFileAsync(
          "grpcurl",
          [...tlsArgs, "-max-time", "10", "-d", JSON.stringify(call.body), target, call.method],
          { timeout: 15_000 },
        );
        assert.ok(stdout.includes(call.expect), `${call.method}: ${stdout}`);
      }
      // grpcurl prints the status and the decoded details of a failed call.
      const failed = await execFileAsync(
        "grpcurl",
        [...tlsArgs, "-d", '{"id":""}', entry.address("catalog"), `${CatalogService.typeName}/GetProduct`],
        { timeout: 10_000 },
      ).then(
        () => assert.fail("grpcurl succeeded on an invalid request"),
        (error: unknown) => {
          const output = error as { stdout?: string; stderr?: string };
          return `${output.stdout ?? ""}${output.stderr ?? ""}`;
        },
      );
      assert.match(failed, /Code: InvalidArgument/);
      assert.match(failed, /google\.rpc\.BadRequest/);
    },
  },
  {
    name: "when a Python grpcio client (stubs generated from proto/) calls every service, then the answers and details arrive",
    async run({ entry, pythonStubs }) {
      const result = await runPythonClient(pythonStubs(), {
        catalog: entry.address("catalog"),
        pricing: entry.address("pricing"),
        checkout: entry.address("checkout"),
        tls: entry.tls !== undefined,
        ...(entry.tls?.caPath === undefined ? {} : { ca: entry.tls.caPath }),
        ...(entry.tls?.serverName === undefined ? {} : { serverName: entry.tls.serverName }),
      });
      assert.equal(result.getProduct.id, knownProduct);
      assert.match(result.getProduct.servedBy, /^catalog-/);
      assert.equal(result.quote.totalMinorUnits, "2580");
      assert.match(result.quote.servedBy, /^pricing-/);
      assert.match(result.placeOrder.orderId, /^ord-/);
      assert.equal(result.placeOrder.totalMinorUnits, "1290");
      assert.deepEqual(result.invalidArgument, { code: "INVALID_ARGUMENT", fieldViolations: ["id"] });
    },
  },
  {
    name: "when calls go through, then Envoy's admin stats count them per cluster (Envoy is in the path)",
    skip: (entry) =>
      entry.envoyAdmin === undefined ? "no Envoy admin API behind this entry point" : undefined,
    async run({ entry }) {
      const admin = entry.envoyAdmin;
      assert.ok(admin);
      const totals = async () => {
        const stats = await admin("/stats?filter=^cluster\\.(catalog|pricing|checkout)\\.upstream_rq_total$");
        const map = new Map<string, number>();
        for (const match of stats.matchAll(/^cluster\.(\w+)\.upstream_rq_total: (\d+)$/gm))
          map.set(match[1] ?? "", Number(match[2]));
        return map;
      };
      const before = await totals();
      const catalog = clientFor(entry, CatalogService, "catalog");
      const pricing = clientFor(entry, PricingService, "pricing");
      for (let call = 0; call < 5; call++) {
        await catalog.getProduct({ id: knownProduct }, { timeoutMs: 5000 });
        await pricing.quote(quoteRequest(), { timeoutMs: 5000 });
      }
      const after = await totals();
      for (const cluster of ["catalog", "pricing"]) {
        const delta = (after.get(cluster) ?? 0) - (before.get(cluster) ?? 0);
        assert.ok(delta >= 5, `cluster ${cluster} carried ${delta} of 5 calls`);
      }
    },
  },
];
