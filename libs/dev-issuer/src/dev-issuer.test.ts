import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { startDevIssuer, type DevIssuer } from "./dev-issuer.js";

const audience = "https://api.switchyard.test";

async function requestToken(issuer: DevIssuer, form: Record<string, string>, basic?: string) {
  const response = await fetch(issuer.tokenUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(basic === undefined ? {} : { authorization: `Basic ${Buffer.from(basic).toString("base64")}` }),
    },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the dev issuer's client-credentials endpoint", () => {
  let issuer: DevIssuer | undefined;
  before(async () => {
    issuer = await startDevIssuer({
      port: 0,
      audience,
      clients: [{ id: "checkout", secret: "s3cret", scopes: ["stock.reserve", "orders.read"] }],
    });
  });
  after(async () => {
    await issuer?.close();
  });

  it("when a client asks with its secret, then it gets a token its JWKS verifies, with the scopes asked for", async () => {
    assert.ok(issuer);
    const { status, body } = await requestToken(
      issuer,
      { grant_type: "client_credentials", scope: "stock.reserve" },
      "checkout:s3cret",
    );
    assert.equal(status, 200);
    assert.equal(body["token_type"], "Bearer");
    const { payload } = await jwtVerify(String(body["access_token"]), createRemoteJWKSet(issuer.jwksUrl), {
      issuer: issuer.issuer,
      audience,
    });
    assert.equal(payload.sub, "checkout");
    assert.equal(payload["scope"], "stock.reserve");
    assert.equal(payload["client_id"], "checkout");
  });

  it("when the secret is wrong, a scope is not the client's, or the grant is another, then the endpoint refuses", async () => {
    assert.ok(issuer);
    const wrongSecret = await requestToken(issuer, {
      grant_type: "client_credentials",
      client_id: "checkout",
      client_secret: "guess",
    });
    assert.deepEqual([wrongSecret.status, wrongSecret.body["error"]], [401, "invalid_client"]);
    const otherScope = await requestToken(
      issuer,
      { grant_type: "client_credentials", scope: "orders.write" },
      "checkout:s3cret",
    );
    assert.deepEqual([otherScope.status, otherScope.body["error"]], [400, "invalid_scope"]);
    const password = await requestToken(issuer, { grant_type: "password" }, "checkout:s3cret");
    assert.deepEqual([password.status, password.body["error"]], [400, "unsupported_grant_type"]);
  });
});
