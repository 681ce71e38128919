import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { startDevIssuer, type DevIssuer } from "@switchyard/dev-issuer";
import { ErrorInfoSchema } from "@switchyard/proto/google/rpc/error_details";
import { Health } from "@switchyard/proto/grpc/health/v1/health";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { UnsecuredJWT } from "jose";
import { authErrorDomain, authorizeCall } from "./authorize-call.js";
import { accessRuleOf, requiredScopesOf } from "./method-policy.js";
import { createTokenVerifier, type TokenVerifier } from "./token-verifier.js";

const audience = "https://api.switchyard.test";
const placeOrder = CheckoutService.method.placeOrder;

/** The call's outcome: the caller's subject, or the error's code and ErrorInfo reason. */
async function outcome(call: Promise<{ subject: string } | undefined>): Promise<string> {
  try {
    const caller = await call;
    return caller === undefined ? "public" : `caller ${caller.subject}`;
  } catch (reason) {
    const error = ConnectError.from(reason);
    const [info] = error.findDetails(ErrorInfoSchema);
    assert.equal(info?.domain, authErrorDomain);
    return `${Code[error.code]} ${info.reason}`;
  }
}

describe("authorizeCall with tokens of a real issuer, keys fetched from its JWKS", () => {
  let issuer: DevIssuer | undefined;
  let verifier: TokenVerifier | undefined;
  const bearer = async (claims: Parameters<DevIssuer["issueToken"]>[0]) =>
    `Bearer ${await (issuer as DevIssuer).issueToken(claims)}`;

  before(async () => {
    issuer = await startDevIssuer({ port: 0, audience, clients: [] });
    verifier = createTokenVerifier({
      issuer: issuer.issuer,
      audience,
      keys: { url: issuer.jwksUrl, cacheMaxAgeMs: 200, cooldownMs: 0 },
      algorithms: ["ES256", "RS256"],
      clockToleranceSeconds: 30,
    });
  });
  after(async () => {
    await issuer?.close();
  });

  it("when the proto declares policies, then catalog reads are public and orders need their scopes", () => {
    assert.deepEqual(accessRuleOf(CatalogService.method.getProduct), { kind: "public" });
    assert.deepEqual(accessRuleOf(Health.method.check), { kind: "public" });
    assert.deepEqual(accessRuleOf(placeOrder), { kind: "authenticated", requiredScopes: ["orders.write"] });
    assert.deepEqual(accessRuleOf(CatalogService.method.reserveStock), {
      kind: "authenticated",
      requiredScopes: ["stock.reserve"],
    });
  });

  it("when an issuer must offer the scopes of some services, then it gets every scope their methods require, once", () => {
    assert.deepEqual(requiredScopesOf([CatalogService.typeName]), ["stock.reserve"]);
    assert.deepEqual(requiredScopesOf([CatalogService.typeName, Health.typeName]), ["stock.reserve"]);
    assert.deepEqual(requiredScopesOf([placeOrder.parent.typeName, CatalogService.typeName]), [
      "orders.read",
      "orders.write",
      "stock.reserve",
    ]);
  });

  it("when a token is valid and carries the scope, then the call runs as its subject", async () => {
    assert.ok(issuer && verifier);
    const authorization = await bearer({ subject: "alice", scopes: ["orders.write", "orders.read"] });
    assert.equal(await outcome(authorizeCall(placeOrder, authorization, verifier)), "caller alice");
  });

  it("when a token is missing, malformed, expired, for another audience or issuer, tampered or unsigned, then UNAUTHENTICATED says why", async () => {
    assert.ok(issuer && verifier);
    const valid = await bearer({ subject: "alice", scopes: ["orders.write"] });
    const [header, payload, signature = ""] = valid.slice("Bearer ".length).split(".");
    const flipped = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    const unsigned = new UnsecuredJWT({ scope: "orders.write" })
      .setIssuer(issuer.issuer)
      .setAudience(audience)
      .setSubject("mallory")
      .setExpirationTime("1h")
      .encode();
    const cases: [string, string | undefined, string][] = [
      ["no token", undefined, "Unauthenticated TOKEN_MISSING"],
      ["not bearer", "Basic YWxpY2U6c2VjcmV0", "Unauthenticated TOKEN_MALFORMED"],
      [
        "expired beyond the skew",
        await bearer({ subject: "alice", scopes: ["orders.write"], expiresInSeconds: -120 }),
        "Unauthenticated TOKEN_EXPIRED",
      ],
      [
        "another audience",
        await bearer({ subject: "alice", scopes: ["orders.write"], audience: "https://elsewhere.test" }),
        "Unauthenticated TOKEN_CLAIM_REJECTED",
      ],
      [
        "another issuer",
        await bearer({ subject: "alice", scopes: ["orders.write"], issuer: "https://evil.test" }),
        "Unauthenticated TOKEN_CLAIM_REJECTED",
      ],
      [
        "tampered signature",
        `Bearer ${header}.${payload}.${flipped}`,
        "Unauthenticated TOKEN_SIGNATURE_INVALID",
      ],
      ["alg none", `Bearer ${unsigned}`, "Unauthenticated TOKEN_ALGORITHM_REJECTED"],
    ];
    for (const [what, authorization, expected] of cases) {
      assert.equal(await outcome(authorizeCall(placeOrder, authorization, verifier)), expected, what);
    }
  });

  it("when the token lacks the method's scope, then PERMISSION_DENIED names the scopes required", async () => {
    assert.ok(issuer && verifier);
    const authorization = await bearer({ subject: "alice", scopes: ["orders.read"] });
    const error = await authorizeCall(placeOrder, authorization, verifier).then(
      () => assert.fail("authorized without orders.write"),
      (reason: unknown) => ConnectError.from(reason),
    );
    assert.equal(error.code, Code.PermissionDenied);
    assert.equal(error.findDetails(ErrorInfoSchema)[0]?.metadata["required_scopes"], "orders.write");
    assert.doesNotMatch(error.message, /eyJ/, "the token is never echoed");
  });

  it("when a method is public, then no token is needed and a bad one is not even looked at", async () => {
    assert.ok(verifier);
    const getProduct = CatalogService.method.getProduct;
    assert.equal(await outcome(authorizeCall(getProduct, undefined, verifier)), "public");
    assert.equal(await outcome(authorizeCall(getProduct, "Bearer not-a-token", verifier)), "public");
  });

  it("when the issuer rotates its key, then old tokens pass until the old key leaves the JWKS, and new ones pass at once", async () => {
    assert.ok(issuer && verifier);
    const before = await bearer({ subject: "alice", scopes: ["orders.write"] });
    assert.equal(await outcome(authorizeCall(placeOrder, before, verifier)), "caller alice");
    await issuer.rotateKey();
    const afterRotation = await bearer({ subject: "bob", scopes: ["orders.write"] });
    // An unknown key id makes the verifier fetch the JWKS again (no cooldown here).
    assert.equal(await outcome(authorizeCall(placeOrder, afterRotation, verifier)), "caller bob");
    assert.equal(await outcome(authorizeCall(placeOrder, before, verifier)), "caller alice");
    issuer.retirePreviousKeys();
    // Once the cached key set is older than its max age (200 ms here), the next token with
    // an unknown key id fetches the JWKS again, which no longer has the old key.
    const deadline = Date.now() + 10_000;
    let result = "";
    while (Date.now() < deadline) {
      result = await outcome(authorizeCall(placeOrder, before, verifier));
      if (result !== "caller alice") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(result, "Unauthenticated TOKEN_KEY_UNKNOWN");
    assert.equal(await outcome(authorizeCall(placeOrder, afterRotation, verifier)), "caller bob");
  });

  it("when the issuer's keys cannot be fetched, then UNAVAILABLE, not UNAUTHENTICATED", async () => {
    assert.ok(issuer);
    const unreachable = createTokenVerifier({
      issuer: issuer.issuer,
      audience,
      keys: { url: new URL("http://127.0.0.1:9/.well-known/jwks.json") },
      algorithms: ["ES256"],
      clockToleranceSeconds: 30,
    });
    const authorization = await bearer({ subject: "alice", scopes: ["orders.write"] });
    const error = await authorizeCall(placeOrder, authorization, unreachable).then(
      () => assert.fail("authorized without keys"),
      (reason: unknown) => ConnectError.from(reason),
    );
    assert.equal(error.code, Code.Unavailable);
  });
});
