import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { routeAlbRequest, type AlbRule } from "./alb-rule-replay.js";

const rules: AlbRule<string>[] = [
  {
    conditions: [
      { field: "path-pattern", values: ["/pkg.Service/*"] },
      { field: "http-header", headerName: "Content-Type", values: ["application/grpc-web*"] },
    ],
    target: "gateway",
  },
  {
    conditions: [
      { field: "path-pattern", values: ["/pkg.Service/*"] },
      { field: "http-request-method", values: ["OPTIONS"] },
    ],
    target: "gateway",
  },
  { conditions: [{ field: "path-pattern", values: ["/pkg.Service/*"] }], target: "service" },
];

describe("ALB rule replay", () => {
  it("when header values differ in case, then they still match; paths do not", () => {
    const headers = { "content-type": "Application/GRPC-Web+proto" };
    assert.equal(routeAlbRequest(rules, { method: "POST", path: "/pkg.Service/M", headers }), "gateway");
    assert.equal(routeAlbRequest(rules, { method: "POST", path: "/PKG.Service/M", headers }), undefined);
  });

  it("when an earlier rule's conditions are not all met, then a later rule takes the request", () => {
    const grpc = { "content-type": "application/grpc" };
    assert.equal(
      routeAlbRequest(rules, { method: "POST", path: "/pkg.Service/M", headers: grpc }),
      "service",
    );
    assert.equal(routeAlbRequest(rules, { method: "OPTIONS", path: "/pkg.Service/M" }), "gateway");
    assert.equal(routeAlbRequest(rules, { method: "POST", path: "/pkg.Service/M" }), "service");
  });

  it("when no rule matches, then the request gets the default action", () => {
    assert.equal(routeAlbRequest(rules, { method: "POST", path: "/other/M" }), undefined);
  });
});
