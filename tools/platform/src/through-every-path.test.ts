import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { Client as GrpcJsClient, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { localDevCertificateDir } from "@switchyard/envoy-config";
import {
  CatalogService,
  GetProductRequestSchema,
  GetProductResponseSchema,
} from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { workspaceRoot } from "@switchyard/testing";
import { platformServices } from "@switchyard/topology";
import { startLocalPlatform, type RunningPlatform } from "./local-platform.js";

const execFileAsync = promisify(execFile);
const knownProduct = "sku-espresso-250g";

/** An entry point of the suite: where a client connects, for one service. */
interface EntryPoint {
  readonly name: string;
  /** Base URL for connect transports. */
  baseUrl(service: string): string;
  /** host:port for grpc-js, grpcurl and grpcio. */
  address(service: string): string;
  readonly tls: boolean;
  /** Whether calls pass Envoy (so x-served-by alternates over replicas). */
  readonly viaEnvoy: boolean;
}

describe("the platform through every local entry point", () => {
  let platform: RunningPlatform | undefined;
  let workDir = "";
  let caPem = "";
  const up = (): RunningPlatform => {
    assert.ok(platform, "before() started the platform");
    return platform;
  };
  const replicaPort = (service: string): number => {
    const replica = up().replicas.find((candidate) => candidate.service === service);
    assert.ok(replica, `${service} runs`);
    return replica.port;
  };
  const entryPoints: EntryPoint[] = [
    {
      name: "directly (first replica)",
      baseUrl: (service) => `http://127.0.0.1:${replicaPort(service)}`,
      address: (service) => `127.0.0.1:${replicaPort(service)}`,
      tls: false,
      viaEnvoy: false,
    },
    {
      name: "Envoy over h2c",
      baseUrl: () => `http://127.0.0.1:${up().envoy.plaintextPort}`,
      address: () => `127.0.0.1:${up().envoy.plaintextPort}`,
      tls: false,
      viaEnvoy: true,
    },
    {
      name: "Envoy over TLS",
      baseUrl: () => `https://localhost:${up().envoy.tlsPort}`,
      address: () => `localhost:${up().envoy.tlsPort}`,
      tls: true,
      viaEnvoy: true,
    },
  ];
  const grpcTransport = (entry: EntryPoint, service: string): Transport =>
    createGrpcTransport({
      baseUrl: entry.baseUrl(service),
      ...(entry.tls ? { nodeOptions: { ca: caPem } } : {}),
    });

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), "switchyard-paths-"));
    platform = await startLocalPlatform({
      config: {
        replicas: 2,
        envoyPort: 0,
        envoyTlsPort: 0,
        envoyAdminPort: 0,
        edgePort: 0,
        servicePorts: "ephemeral",
        workDir,
        startupTimeoutMs: 60_000,
      },
      services: platformServices,
    });
    caPem = await readFile(join(localDevCertificateDir, "localhost.crt"), "utf8");
  });

  after(async () => {
    await platform?.stop();
    if (workDir !== "") await rm(workDir, { recursive: true, force: true });
  });

  for (const entry of entryPoints) {
    describe(entry.name, () => {
      it("when a product is asked (unary, connect gRPC), then it arrives with x-served-by", async () => {
        const client = createClient(CatalogService, grpcTransport(entry, "catalog"));
        const servedBy = new Set<string>();
        for (let call = 0; call < 4; call++) {
          const headers: Headers[] = [];
          const { product } = await client.getProduct(
            { id: knownProduct },
            { onHeader: (h) => headers.push(h) },
          );
          assert.equal(product?.id, knownProduct);
          const replica = headers[0]?.get("x-served-by");
          assert.ok(replica, "x-served-by is present");
          servedBy.add(replica);
        }
        assert.equal(servedBy.size, entry.viaEnvoy ? 2 : 1, `replicas seen: ${[...servedBy].join(", ")}`);
      });

      it("when a product is unknown, then NOT_FOUND and its message survive", async () => {
        const client = createClient(CatalogService, grpcTransport(entry, "catalog"));
        await assert.rejects(client.getProduct({ id: "sku-missing" }), (error: unknown) => {
          const connectError = ConnectError.from(error);
          assert.equal(connectError.code, Code.NotFound);
          assert.match(connectError.rawMessage, /sku-missing/);
          return true;
        });
      });

      it("when a request is invalid, then INVALID_ARGUMENT arrives with its details", async () => {
        const client = createClient(CatalogService, grpcTransport(entry, "catalog"));
        await assert.rejects(client.getProduct({ id: "" }), (error: unknown) => {
          const connectError = ConnectError.from(error);
          assert.equal(connectError.code, Code.InvalidArgument);
          assert.ok(connectError.details.length > 0, "grpc-status-details-bin survived");
          return true;
        });
      });

      it("when stock levels are watched (server stream), then events arrive until the deadline ends it", async () => {
        const client = createClient(CatalogService, grpcTransport(entry, "catalog"));
        let events = 0;
        const started = Date.now();
        try {
          const stream = client.watchStockLevels({ productIds: [knownProduct] }, { timeoutMs: 800 });
          for await (const event of stream) if (event.event.case !== undefined) events++;
          // The catalog's handler returns when its deadline aborts it, so the server's OK can
          // beat the client's own DEADLINE_EXCEEDED: accepted only once the deadline has passed.
          assert.ok(Date.now() - started >= 750, `${entry.name}: the stream ended early without an error`);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          assert.equal(
            ConnectError.from(error).code,
            Code.DeadlineExceeded,
            `${entry.name}: ${String(error)}`,
          );
        }
        assert.ok(events >= 1, "at least one event arrived");
        assert.ok(
          Date.now() - started < 5000,
          "the client's deadline, not a proxy timeout, ended the stream",
        );
      });

      it("when a cart is edited (bidi stream on grpc-js pricing), then each edit is answered", async () => {
        const client = createClient(PricingService, grpcTransport(entry, "pricing"));
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
        }
        const answers = [];
        for await (const response of client.editCart(edits(), { timeoutMs: 5000 })) answers.push(response);
        assert.deepEqual(
          answers.map((answer) => answer.editsApplied),
          [1, 2],
        );
        assert.ok(answers[1]?.quote, "the cart with a line has a quote");
      });

      it("when an order is placed (checkout calls catalog and pricing), then it gets an id", async () => {
        const client = createClient(CheckoutService, grpcTransport(entry, "checkout"));
        const { order } = await client.placeOrder(
          { customerId: "customer-1", lines: [{ productId: knownProduct, quantity: 1 }] },
          { timeoutMs: 10_000 },
        );
        assert.ok(order?.id, "the order has an id");
      });

      it("when line items are imported (client stream), then the import answers once", async () => {
        const client = createClient(CheckoutService, grpcTransport(entry, "checkout"));
        async function* lines() {
          await Promise.resolve();
          yield { line: { productId: knownProduct, quantity: 1 } };
          yield { line: { productId: "sku-missing", quantity: 1 } };
        }
        const response = await client.importLineItems(lines(), { timeoutMs: 5000 });
        assert.equal(response.lines.length + response.rejected.length, 2);
      });

      it("when grpc-js calls, then the product arrives", async () => {
        const channelCredentials = entry.tls
          ? credentials.createSsl(Buffer.from(caPem))
          : credentials.createInsecure();
        const client = new GrpcJsClient(entry.address("catalog"), channelCredentials);
        try {
          const response = await new Promise<Uint8Array>((resolve, reject) => {
            client.makeUnaryRequest(
              `/${CatalogService.typeName}/GetProduct`,
              (request: Uint8Array) => Buffer.from(request),
              (bytes: Buffer) => new Uint8Array(bytes),
              toBinary(GetProductRequestSchema, create(GetProductRequestSchema, { id: knownProduct })),
              new Metadata(),
              { deadline: Date.now() + 5000 },
              (error: ServiceError | null, value?: Uint8Array) => {
                if (error) reject(error);
                else resolve(value ?? new Uint8Array());
              },
            );
          });
          assert.equal(fromBinary(GetProductResponseSchema, response).product?.id, knownProduct);
        } finally {
          client.close();
        }
      });

      it("when grpcurl lists and calls over reflection, then every service is listed and the call answers", async () => {
        const target = entry.address("catalog");
        const tlsArgs = entry.tls
          ? ["-cacert", join(localDevCertificateDir, "localhost.crt")]
          : ["-plaintext"];
        const { stdout: listed } = await execFileAsync("grpcurl", [...tlsArgs, target, "list"]);
        const expected = entry.viaEnvoy
          ? platformServices.flatMap((service) => service.grpcServices)
          : [CatalogService.typeName];
        for (const name of expected) assert.ok(listed.includes(name), `${name} in:\n${listed}`);
        const { stdout } = await execFileAsync("grpcurl", [
          ...tlsArgs,
          "-d",
          JSON.stringify({ id: knownProduct }),
          target,
          `${CatalogService.typeName}/GetProduct`,
        ]);
        assert.match(stdout, new RegExp(knownProduct));
      });

      it("when Python grpcio calls, then the product arrives", async () => {
        const request = Buffer.from(
          toBinary(GetProductRequestSchema, create(GetProductRequestSchema, { id: knownProduct })),
        ).toString("hex");
        const script = [
          "import sys, grpc",
          "target, tls, path, request = sys.argv[1], sys.argv[2] == '1', sys.argv[3], bytes.fromhex(sys.argv[4])",
          "channel = grpc.secure_channel(target, grpc.ssl_channel_credentials(open(sys.argv[5], 'rb').read())) if tls else grpc.insecure_channel(target)",
          "call = channel.unary_unary(path, request_serializer=None, response_deserializer=None)",
          "print(call(request, timeout=5).hex())",
        ].join("\n");
        const { stdout } = await execFileAsync(join(workspaceRoot, ".toolchain", "venv", "bin", "python"), [
          "-c",
          script,
          entry.address("catalog"),
          entry.tls ? "1" : "0",
          `/${CatalogService.typeName}/GetProduct`,
          request,
          join(localDevCertificateDir, "localhost.crt"),
        ]);
        const response = fromBinary(GetProductResponseSchema, Buffer.from(stdout.trim(), "hex"));
        assert.equal(response.product?.id, knownProduct);
      });
    });
  }

  describe("browser protocols through Envoy (HTTP/1.1)", () => {
    const transports: { name: string; transport: () => Transport }[] = [
      {
        name: "gRPC-Web",
        transport: () =>
          createGrpcWebTransport({
            baseUrl: `http://127.0.0.1:${up().envoy.plaintextPort}`,
            httpVersion: "1.1",
          }),
      },
      {
        name: "Connect (JSON)",
        transport: () =>
          createConnectTransport({
            baseUrl: `http://127.0.0.1:${up().envoy.plaintextPort}`,
            httpVersion: "1.1",
          }),
      },
    ];
    for (const { name, transport } of transports) {
      it(`when ${name} asks for a product, then it arrives, and NOT_FOUND survives`, async () => {
        const client = createClient(CatalogService, transport());
        const { product } = await client.getProduct({ id: knownProduct });
        assert.equal(product?.id, knownProduct);
        await assert.rejects(client.getProduct({ id: "sku-missing" }), (error: unknown) => {
          assert.equal(ConnectError.from(error).code, Code.NotFound);
          return true;
        });
      });
    }
  });

  it("when calls went through Envoy, then Envoy's stats count them per cluster", async () => {
    const stats = await (await fetch(`${up().envoy.adminUrl}/stats?filter=upstream_rq_total$`)).text();
    for (const service of platformServices) {
      const total = Number(
        new RegExp(`cluster\\.${service.name}\\.upstream_rq_total: (\\d+)`).exec(stats)?.[1],
      );
      assert.ok(total > 0, `cluster ${service.name} carried calls:\n${stats}`);
    }
  });

  // Last: it takes a replica away from the platform the cases above share.
  it("when a replica is killed with SIGKILL under load, then failures stay bounded and traffic recovers within 1 s", async () => {
    const client = createClient(CatalogService, grpcTransport(entryPoints[1] ?? assert.fail(), "catalog"));
    const victim = up().replicas.find((replica) => replica.service === "catalog");
    assert.ok(victim);
    const concurrency = 8;
    const records: { startedAt: number; failed: boolean }[] = [];
    const loadStarted = Date.now();
    let running = true;
    const workers = Array.from({ length: concurrency }, async () => {
      // Bounded: stops by itself after 10 s even if the test forgets to stop it.
      while (running && Date.now() - loadStarted < 10_000) {
        const startedAt = Date.now();
        try {
          await client.getProduct({ id: knownProduct }, { timeoutMs: 5000 });
          records.push({ startedAt, failed: false });
        } catch {
          records.push({ startedAt, failed: true });
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const killedAt = Date.now();
    process.kill(victim.process.pid, "SIGKILL");
    await victim.process.exited;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    running = false;
    await Promise.all(workers);
    const failed = records.filter((record) => record.failed);
    assert.ok(
      failed.length <= concurrency,
      `${failed.length} failed (bound: ${concurrency} calls in flight)`,
    );
    assert.deepEqual(
      failed.filter((record) => record.startedAt > killedAt + 1000),
      [],
      "no call started a second after the kill failed",
    );
    assert.ok(
      records.filter((record) => record.startedAt > killedAt + 1000).length > 50,
      "traffic kept flowing",
    );
  });
});
