import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { ensureDevMtlsMaterial, type DevMtlsMaterial } from "@switchyard/envoy-config";
import {
  loadServiceConfig,
  readDependencyTls,
  type DependencyTlsMaterial,
} from "@switchyard/service-runtime";
import { createCatalogClient } from "./catalog-client.js";
import { createPricingClient } from "./pricing-client.js";
import { startFakeCatalog, startFakePricing, type FakeDependency } from "./testing/fake-dependencies.js";

const call = () => ({ signal: new AbortController().signal, timeoutMs: 3000, capped: false });
const quoteRequest = {
  currencyCode: "EUR",
  lineItems: [
    { productId: "sku-aeropress", quantity: 1, unitPrice: { currencyCode: "EUR", minorUnits: 3990n } },
  ],
};

/** The runtime settings of a replica serving as `identity` and asking its clients for the CA's certificates. */
function mutualTlsEnv(pki: DevMtlsMaterial, identity: string): Record<string, string> {
  const { certificateChainPath, privateKeyPath } = pki.identity(identity);
  return {
    TLS_CERT_FILE: certificateChainPath,
    TLS_KEY_FILE: privateKeyPath,
    TLS_CLIENT_CA_FILE: pki.caCertificatePath,
  };
}

/** The code `call` failed with, and the messages of the error and every cause under it. */
async function failure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const messages: string[] = [];
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause)
      messages.push(cause.message);
    return `${Code[ConnectError.from(error).code]}: ${messages.join(" <- ")}`;
  }
  assert.fail("expected the call to fail");
}

describe("checkout's clients with TLS_DEPENDENCY_CA_FILE: mutual TLS to catalog (connect) and pricing (grpc-js)", () => {
  let dir: string | undefined;
  const replicas: Record<
    "catalog" | "catalogAsPricing" | "pricing" | "pricingAsCatalog",
    FakeDependency | undefined
  > = {
    catalog: undefined,
    catalogAsPricing: undefined,
    pricing: undefined,
    pricingAsCatalog: undefined,
  };
  let checkoutTls: DependencyTlsMaterial | undefined;
  let anonymousTls: DependencyTlsMaterial | undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "checkout-dependency-tls-"));
    const pki = await ensureDevMtlsMaterial(join(dir, "pki"), ["catalog", "pricing", "checkout"]);
    replicas.catalog = await startFakeCatalog(undefined, undefined, mutualTlsEnv(pki, "catalog"));
    replicas.catalogAsPricing = await startFakeCatalog(undefined, undefined, mutualTlsEnv(pki, "pricing"));
    replicas.pricing = await startFakePricing(mutualTlsEnv(pki, "pricing"));
    replicas.pricingAsCatalog = await startFakePricing(mutualTlsEnv(pki, "catalog"));
    const checkout = pki.identity("checkout");
    checkoutTls = await readDependencyTls(
      loadServiceConfig({
        TLS_CERT_FILE: checkout.certificateChainPath,
        TLS_KEY_FILE: checkout.privateKeyPath,
        TLS_DEPENDENCY_CA_FILE: pki.caCertificatePath,
      }),
    );
    anonymousTls = await readDependencyTls(
      loadServiceConfig({ TLS_DEPENDENCY_CA_FILE: pki.caCertificatePath }),
    );
  });

  after(async () => {
    await Promise.all(
      Object.values(replicas).flatMap((replica) =>
        replica === undefined ? [] : [replica.server.forceClose()],
      ),
    );
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const replica = (name: keyof typeof replicas): FakeDependency => {
    const found = replicas[name];
    assert.ok(found, `${name} started`);
    return found;
  };
  const tls = (): DependencyTlsMaterial => {
    assert.ok(checkoutTls);
    return checkoutTls;
  };

  it("when checkout presents its certificate and the replicas show theirs, then calls and health checks pass", async () => {
    const catalog = createCatalogClient([replica("catalog").server.url], { tls: tls() });
    const pricing = createPricingClient(`ipv4:127.0.0.1:${replica("pricing").server.port}`, tls());
    try {
      assert.match(replica("catalog").server.url, /^https:/);
      assert.equal((await catalog.getProduct("sku-aeropress", call()))?.id, "sku-aeropress");
      assert.equal(await catalog.isReachable(3000), true);
      assert.equal((await pricing.quote(quoteRequest, call())).total?.minorUnits, 3990n);
      assert.equal(await pricing.isReachable(3000), true);
    } finally {
      catalog.close();
      pricing.close();
    }
  });

  it("when a replica's certificate names another service, then checkout refuses it", async () => {
    const catalog = createCatalogClient([replica("catalogAsPricing").server.url], { tls: tls() });
    const pricing = createPricingClient(`ipv4:127.0.0.1:${replica("pricingAsCatalog").server.port}`, tls());
    try {
      // connect-node reports a failed TLS connection as INTERNAL, grpc-js as UNAVAILABLE.
      assert.match(
        await failure(catalog.getProduct("sku-aeropress", call())),
        /^Internal: .*altnames: Host: catalog\. is not in the cert's altnames: DNS:pricing/,
      );
      assert.equal(await catalog.isReachable(3000), false);
      assert.match(
        await failure(pricing.quote(quoteRequest, call())),
        /^Unavailable: .*ERR_TLS_CERT_ALTNAME_INVALID.*Host: pricing\. is not in the cert's altnames: DNS:catalog/,
      );
      assert.equal(await pricing.isReachable(3000), false);
      assert.equal(replica("catalogAsPricing").calls.length, 0, "no call reached the impostor");
      assert.equal(replica("pricingAsCatalog").calls.length, 0, "no call reached the impostor");
    } finally {
      catalog.close();
      pricing.close();
    }
  });

  it("when checkout has no certificate of its own, then the replicas refuse it", async () => {
    assert.ok(anonymousTls);
    assert.equal(anonymousTls.clientKeyPair, undefined);
    const catalog = createCatalogClient([replica("catalog").server.url], { tls: anonymousTls });
    const pricing = createPricingClient(`ipv4:127.0.0.1:${replica("pricing").server.port}`, anonymousTls);
    try {
      assert.match(
        await failure(catalog.getProduct("sku-aeropress", call())),
        /^Internal: .*certificate required/,
      );
      assert.match(
        await failure(pricing.quote(quoteRequest, call())),
        /^Unavailable: .*certificate required/,
      );
    } finally {
      catalog.close();
      pricing.close();
    }
  });
});
