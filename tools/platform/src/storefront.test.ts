import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { PricingService } from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import { chromium, type Browser, type Page } from "playwright-core";
import type { RunningPlatform } from "./local-platform.js";
import { startTestPlatform, type TestPlatform } from "./testing/test-platform.js";

/** Debian's Chromium, which the toolchain script installs (as root) for this test. */
const chromiumPath = process.env["SWITCHYARD_CHROMIUM"] ?? "/usr/bin/chromium";
const skip = existsSync(chromiumPath)
  ? false
  : `no Chromium at ${chromiumPath} (tools/toolchain/ensure.sh installs Debian's chromium when run as root)`;
/** Where to write screenshots of the main screens (`npm run screenshots -w @switchyard/web`). */
const screenshotDir = process.env["SWITCHYARD_SCREENSHOT_DIR"];
/** How long the page may take to show what a call returned, on a loaded 2-core machine. */
const uiTimeoutMs = 20_000;

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations of impact serious or critical on the page as it is now. */
async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: await axeSource });
  const violations = await page.evaluate(async () => {
    // Runs in the page: its globals, typed here without the DOM library.
    const { axe } = globalThis as unknown as {
      axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }> };
    };
    return (await axe.run()).violations;
  });
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact ?? "?"}, ${violation.nodes.length} nodes)`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (screenshotDir === undefined) return;
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

describe("the storefront in a real browser, through Envoy", { skip }, () => {
  let platform: RunningPlatform | undefined;
  let browser: Browser | undefined;
  let started: TestPlatform | undefined;

  before(async () => {
    started = await startTestPlatform("storefront");
    platform = started.platform;
    // --no-sandbox: Chromium refuses its sandbox as root (CI containers); the pages are our own.
    browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  });

  after(async () => {
    await browser?.close();
    await started?.stop();
  });

  const grpc = async () => {
    assert.ok(platform && started);
    // Another client of the platform, with a token of the dev issuer's CLI client.
    const transport = createGrpcTransport({
      baseUrl: `http://127.0.0.1:${platform.envoy.plaintextPort}`,
      interceptors: [await started.bearer(["orders.read", "orders.write"])],
    });
    return {
      catalog: createClient(CatalogService, transport),
      pricing: createClient(PricingService, transport),
      checkout: createClient(CheckoutService, transport),
    };
  };

  it("when a shopper searches, opens a product, sees stock change live, prices a cart and orders, then every step shows what the services answered", async () => {
    assert.ok(platform && browser);
    const api = await grpc();
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${platform.envoy.plaintextPort}/`);
      const firstProduct = page.locator(".products li a").first();
      await firstProduct.waitFor({ timeout: uiTimeoutMs });
      const firstName = (await firstProduct.textContent()) ?? "";
      await page
        .getByText(/\d+ in stock/)
        .first()
        .waitFor({ timeout: uiTimeoutMs });
      // The dev login signed the page in: its orders carry a shopper's token.
      await page
        .getByTestId("signed-in")
        .getByText(/^Signed in as shopper-\d+ \(dev login\)$/)
        .waitFor({ timeout: uiTimeoutMs });
      assert.deepEqual(await seriousAccessibilityViolations(page), [], "product list");
      await screenshot(page, "product-list");

      await page.getByLabel("Search products").fill("kenya");
      await page.getByRole("button", { name: "Search" }).click();
      // The search's answer replaces the page: one match, the first page's products gone.
      await page.getByRole("link", { name: firstName }).waitFor({ state: "detached", timeout: uiTimeoutMs });
      const kenya = page.getByRole("link", { name: "Kenya AA 250 g" });
      await kenya.waitFor({ timeout: uiTimeoutMs });
      assert.equal(await page.locator(".products li").count(), 1);
      await kenya.click();

      const stockLevel = page.getByTestId("stock-level");
      await stockLevel.getByText(/^\d+ in stock/).waitFor({ timeout: uiTimeoutMs });
      const before = Number(/^(\d+)/.exec((await stockLevel.textContent()) ?? "")?.[1]);
      // Another shopper orders through another client: the change arrives on the open stream.
      await api.checkout.placeOrder(
        {
          requestId: randomUUID(),
          customerId: "other-shopper",
          lines: [{ productId: "sku-kenya-250g", quantity: 2 }],
        },
        { timeoutMs: 10_000 },
      );
      await stockLevel.getByText(`${before - 2} in stock`).waitFor({ timeout: uiTimeoutMs });
      assert.deepEqual(await seriousAccessibilityViolations(page), [], "product page");
      await screenshot(page, "product-page");

      await page.getByLabel("Quantity").fill("5");
      await page.getByRole("button", { name: "Add to cart" }).click();
      await page.getByLabel("Promo code").fill("SPRING15");
      // The same cart priced by pricing directly: the page must show exactly this.
      const { quote } = await api.pricing.quote(
        {
          currencyCode: "EUR",
          promoCode: "SPRING15",
          lineItems: [
            {
              productId: "sku-kenya-250g",
              quantity: 5,
              unitPrice: { currencyCode: "EUR", minorUnits: 1590n },
            },
          ],
        },
        { timeoutMs: 10_000 },
      );
      // 15 % of 79.50 is 11.925: half-even rounding makes it 11.92, not 11.93.
      assert.equal(quote?.discountTotal?.minorUnits, 1192n);
      await page.getByTestId("quote-total").getByText("€67.58").waitFor({ timeout: uiTimeoutMs });
      await page.getByText("−€11.92").waitFor({ timeout: uiTimeoutMs });

      // An order the services refuse: their field violations appear next to the fields.
      await page.getByRole("button", { name: "Place order" }).click();
      const customerError = page.locator("#customer-id-error");
      await customerError.waitFor({ timeout: uiTimeoutMs });
      assert.match((await customerError.textContent()) ?? "", /\S/);
      assert.equal(await page.getByLabel("Customer id").getAttribute("aria-invalid"), "true");
      await screenshot(page, "field-errors");

      await page.getByLabel("Customer id").fill("browser-shopper");
      await page.getByRole("button", { name: "Place order" }).click();
      const placed = page.getByTestId("order-placed");
      await placed.waitFor({ timeout: uiTimeoutMs });
      const orderId = (await placed.locator("strong").textContent()) ?? "";
      const { order } = await api.checkout.getOrder({ id: orderId }, { timeoutMs: 10_000 });
      assert.equal(order?.customerId, "browser-shopper");
      // Checkout logged the order's caller: the shopper the dev login signed in.
      const signedIn = (await page.getByTestId("signed-in").textContent()) ?? "";
      const shopper = /shopper-\d+/.exec(signedIn)?.[0];
      assert.ok(
        platform.replicas
          .filter((replica) => replica.service === "checkout")
          .some((replica) =>
            replica.process.lines.some(
              (line) =>
                line.includes('"method":"/switchyard.checkout.v1.CheckoutService/PlaceOrder"') &&
                line.includes(`"subject":"${shopper ?? "?"}"`),
            ),
          ),
        "checkout logged the shopper as the caller",
      );
      assert.equal(order.quote?.total?.minorUnits, 6758n);
      await stockLevel.getByText(`${before - 7} in stock`).waitFor({ timeout: uiTimeoutMs });
      await screenshot(page, "order-placed");
    } finally {
      await page.close();
    }
  });

  it("when the storefront is opened on the TLS listener, then it loads and streams stock over HTTP/2", async () => {
    assert.ok(platform && browser);
    // The dev certificate is self-signed for localhost: trusted for this context only.
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const page = await context.newPage();
      const response = await page.goto(`https://localhost:${platform.envoy.tlsPort}/#/product/sku-aeropress`);
      assert.equal(response?.status(), 200);
      await page.getByRole("heading", { name: "AeroPress" }).waitFor({ timeout: uiTimeoutMs });
      await page
        .getByTestId("stock-level")
        .getByText(/^\d+ in stock/)
        .waitFor({ timeout: uiTimeoutMs });
      assert.equal(
        await page.evaluate(
          () =>
            (
              (
                globalThis as unknown as { performance: { getEntriesByType(type: string): unknown[] } }
              ).performance.getEntriesByType("navigation") as {
                nextHopProtocol: string;
              }[]
            )[0]?.nextHopProtocol,
        ),
        "h2",
      );
    } finally {
      await context.close();
    }
  });

  it("when a page on another loopback origin calls the API, then CORS lets it read the gRPC-Web status", async () => {
    assert.ok(platform && browser);
    const page = await browser.newPage();
    try {
      // localhost and 127.0.0.1 are different origins: the call below is cross-origin, with a preflight.
      await page.goto(`http://localhost:${platform.envoy.plaintextPort}/`);
      const answer = await page.evaluate(async (apiOrigin) => {
        const response = await fetch(`${apiOrigin}/switchyard.catalog.v1.CatalogService/GetProduct`, {
          method: "POST",
          headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
          // An empty GetProductRequest: the service answers INVALID_ARGUMENT (id is required).
          body: new Uint8Array([0, 0, 0, 0, 0]),
        });
        return { status: response.status, grpcStatus: response.headers.get("grpc-status") };
      }, `http://127.0.0.1:${platform.envoy.plaintextPort}`);
      assert.deepEqual(answer, { status: 200, grpcStatus: "3" });
    } finally {
      await page.close();
    }
  });

  // Last: it replaces the platform's Envoy (same ports, same configuration) for the rest of the suite.
  it("when Envoy restarts under an open product page, then the page reconnects its stock stream and shows the next change live", async () => {
    assert.ok(platform && browser && started);
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${platform.envoy.plaintextPort}/#/product/sku-aeropress`);
      const stockLevel = page.getByTestId("stock-level");
      const live = stockLevel.filter({ hasText: /^\d+ in stock$/ });
      const reconnecting = stockLevel.filter({ hasText: "(reconnecting…)" });
      await live.waitFor({ timeout: uiTimeoutMs });
      const before = Number(/^(\d+)/.exec((await live.textContent()) ?? "")?.[1]);

      // Envoy goes away: every connection and the page's stream end at once, and the page says so
      // (its reconnection attempts fail meanwhile and back off) until Envoy is back.
      const envoy = await started.restartEnvoy(async () => {
        await reconnecting.waitFor({ timeout: uiTimeoutMs });
      });
      await live.waitFor({ timeout: uiTimeoutMs });
      // Another shopper orders through the new Envoy: the change arrives on the new stream.
      const api = await grpc();
      await api.checkout.placeOrder(
        {
          requestId: randomUUID(),
          customerId: "other-shopper",
          lines: [{ productId: "sku-aeropress", quantity: 2 }],
        },
        { timeoutMs: 10_000 },
      );
      await stockLevel.getByText(`${before - 2} in stock`, { exact: true }).waitFor({ timeout: uiTimeoutMs });
      assert.equal(await reconnecting.count(), 0, "the stream is live");
      assert.ok(!envoy.process.hasExited());
    } finally {
      await page.close();
    }
  });
});
