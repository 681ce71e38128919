import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { authorizeCall } from "./authorize-call.js";
import { createTokenVerifier } from "./token-verifier.js";

const issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example";
const resourceServer = "https://api.switchyard.example";

describe("access tokens shaped as Amazon Cognito issues them (no aud, prefixed scopes, token_use)", () => {
  it("when a Cognito access token carries the resource server's scope, then it passes; an unprefixed scope or an ID token does not", async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "cognito-1", alg: "RS256" };
    const verifier = createTokenVerifier({
      issuer,
      scopePrefix: `${resourceServer}/`,
      keys: { keySet: { keys: [jwk] } },
      algorithms: ["RS256"],
      clockToleranceSeconds: 30,
    });
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: "cognito-1" })
        .setIssuer(issuer)
        .setSubject("4a7b2c1d-client")
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey);
    const placeOrder = CheckoutService.method.placeOrder;
    const outcome = async (token: string) =>
      authorizeCall(placeOrder, `Bearer ${token}`, verifier).then(
        (caller) => `caller ${caller?.subject ?? "-"}`,
        (reason: unknown) => Code[ConnectError.from(reason).code],
      );

    const access = await sign({
      token_use: "access",
      client_id: "abc",
      scope: `${resourceServer}/orders.write`,
    });
    assert.equal(await outcome(access), "caller 4a7b2c1d-client");
    const unprefixed = await sign({ token_use: "access", client_id: "abc", scope: "orders.write" });
    assert.equal(await outcome(unprefixed), "PermissionDenied");
    const idToken = await sign({ token_use: "id", aud: "abc", scope: `${resourceServer}/orders.write` });
    assert.equal(await outcome(idToken), "Unauthenticated");
  });
});
