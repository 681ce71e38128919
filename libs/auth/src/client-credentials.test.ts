import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startDevIssuer, type DevIssuer } from "@switchyard/dev-issuer";
import { decodeJwt } from "jose";
import { createClientCredentialsTokenSource } from "./client-credentials.js";

describe("client-credentials tokens against a real token endpoint", () => {
  let issuer: DevIssuer | undefined;
  before(async () => {
    issuer = await startDevIssuer({
      port: 0,
      audience: "https://api.switchyard.test",
      clients: [{ id: "checkout", secret: "s3cret", scopes: ["stock.reserve"] }],
      tokenLifetimeSeconds: 2,
    });
  });
  after(async () => {
    await issuer?.close();
  });

  it("when asked concurrently, then one token is fetched and reused until shortly before it expires", async () => {
    assert.ok(issuer);
    const source = createClientCredentialsTokenSource({
      tokenUrl: issuer.tokenUrl,
      clientId: "checkout",
      clientSecret: "s3cret",
      scopes: ["stock.reserve"],
      refreshMarginSeconds: 1,
    });
    const [first, second] = await Promise.all([source.token(), source.token()]);
    assert.equal(first, second);
    assert.equal(decodeJwt(first).scope, "stock.reserve");
    assert.equal(await source.token(), first, "cached while valid");
    // Lifetime 2 s, margin 1 s: a new token after a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.notEqual(await source.token(), first);
  });

  it("when the secret is wrong, then token() rejects, naming the client", async () => {
    assert.ok(issuer);
    const source = createClientCredentialsTokenSource({
      tokenUrl: issuer.tokenUrl,
      clientId: "checkout",
      clientSecret: "wrong",
      scopes: [],
    });
    await assert.rejects(source.token(), /client checkout: invalid_client/);
  });
});
