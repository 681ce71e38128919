import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { runTool } from "@switchyard/launcher";
import { platformServices } from "@switchyard/topology";
import { startTestPlatform, type TestPlatform } from "./testing/test-platform.js";

/** Envoy's counter of TLS handshakes with the replicas of `cluster`. */
async function upstreamHandshakes(adminUrl: string, cluster: string): Promise<number> {
  const stats = await (
    await fetch(`${adminUrl}/stats?filter=^cluster\\.${cluster}\\.ssl\\.handshake$`)
  ).text();
  return Number(/handshake: (\d+)/.exec(stats)?.[1] ?? 0);
}

describe("npm start with PLATFORM_MTLS=on", () => {
  let started: TestPlatform | undefined;
  before(async () => {
    started = await startTestPlatform("mtls", { PLATFORM_MTLS: "on" });
  });
  after(async () => {
    await started?.stop();
  });
  const running = (): TestPlatform => {
    assert.ok(started, "the platform started");
    return started;
  };

  it("when an order is placed through Envoy, then every hop behind Envoy ran over mutual TLS", async () => {
    const { platform } = running();
    const envoy = `http://127.0.0.1:${platform.envoy.plaintextPort}`;
    const checkout = createClient(
      CheckoutService,
      createGrpcTransport({ baseUrl: envoy, interceptors: [await running().bearer(["orders.write"])] }),
    );
    // PlaceOrder: client → Envoy → checkout, which calls catalog (connect) and pricing (grpc-js).
    const { order } = await checkout.placeOrder(
      {
        requestId: randomUUID(),
        customerId: "mtls-test",
        lines: [{ productId: "sku-aeropress", quantity: 1 }],
      },
      { timeoutMs: 10_000 },
    );
    assert.match(order?.id ?? "", /^ord-/);
    for (const service of platformServices) {
      assert.ok(
        (await upstreamHandshakes(platform.envoy.adminUrl, service.name)) >= 1,
        `Envoy reached ${service.name} over TLS`,
      );
    }
    for (const replica of platform.replicas) assert.match(replica.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const checkoutReplica = platform.replicas.find((replica) => replica.service === "checkout");
    assert.ok(checkoutReplica);
    assert.ok(
      checkoutReplica.logLines.some((line) => String(line["msg"]).startsWith("serving")),
      "checkout served: its readiness reached catalog and pricing over mutual TLS",
    );
  });

  it("when a client without the platform's certificate calls a replica directly, then it is refused", async () => {
    const { platform } = running();
    const catalog = platform.replicas.find((replica) => replica.service === "catalog");
    assert.ok(catalog && platform.mtlsCaCertificatePath);
    const ca = await readFile(platform.mtlsCaCertificatePath);
    const client = createClient(
      CatalogService,
      createGrpcTransport({ baseUrl: catalog.url, nodeOptions: { ca, servername: "catalog" } }),
    );
    const refused = await client.getProduct({ id: "sku-aeropress" }, { timeoutMs: 5000 }).then(
      () => assert.fail("a replica answered a client without a certificate"),
      (error: unknown) => ConnectError.from(error),
    );
    assert.equal(refused.code, Code.Internal, refused.message);
    assert.match(refused.message, /certificate required/);
  });

  it("when grpcurl presents a certificate from the CA, as the README shows, then a replica answers it directly", async () => {
    const { platform } = running();
    const catalog = platform.replicas.find((replica) => replica.service === "catalog");
    assert.ok(catalog && platform.mtlsCaCertificatePath);
    const dir = dirname(platform.mtlsCaCertificatePath);
    const listed = await runTool("grpcurl", [
      ...["-cacert", join(dir, "ca.crt"), "-servername", "catalog"],
      ...["-cert", join(dir, "envoy.crt"), "-key", join(dir, "envoy.key")],
      `127.0.0.1:${catalog.port}`,
      "list",
    ]);
    assert.equal(listed.exitCode, 0, listed.stderr);
    assert.match(listed.stdout, /switchyard\.catalog\.v1\.CatalogService/);
  });
});
