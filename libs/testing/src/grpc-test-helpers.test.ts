import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { summarizeGrpcError } from "./grpc-error-summary.js";
import { createMalformedGrpcRequests } from "./grpc-wire-fuzz.js";
import { readGrpcurlExamples } from "./grpc-tool-runs.js";

describe("gRPC test helpers", () => {
  it("when an error is not a gRPC error, then summarizeGrpcError throws instead of passing a test", () => {
    assert.throws(() => summarizeGrpcError(new Error("boom")), /not a gRPC error/);
    assert.throws(() => summarizeGrpcError({ code: "ECONNREFUSED" }), /not a gRPC error/);
  });

  it("when a grpc-js style error has no details, then it has no field violations", () => {
    const metadata = { get: () => [] };
    assert.deepEqual(summarizeGrpcError({ code: 5, details: "product not found", metadata }), {
      code: 5,
      message: "product not found",
      fieldViolations: [],
    });
  });

  it("when malformed requests are built twice with one seed, then they are identical, and differ with another", () => {
    const first = createMalformedGrpcRequests({ seed: 7, oversizedBytes: 64 });
    assert.deepEqual(createMalformedGrpcRequests({ seed: 7, oversizedBytes: 64 }), first);
    assert.notDeepEqual(createMalformedGrpcRequests({ seed: 8, oversizedBytes: 64 }), first);
    const oversized = first.find((request) => request.name === "oversized message");
    assert.equal(oversized?.body.length, 5 + 64);
  });

  it("when a README holds grpcurl examples, then each is read with its body, port and method", async () => {
    const dir = await mkdtemp(join(tmpdir(), "switchyard-readme-"));
    try {
      const readme = join(dir, "README.md");
      await writeFile(
        readme,
        [
          "# demo",
          "```sh",
          `grpcurl -plaintext -d '{"id":"a"}' 127.0.0.1:50051 pkg.v1.DemoService/Get`,
          "grpcurl -plaintext 127.0.0.1:50051 list",
          "```",
        ].join("\n"),
      );
      assert.deepEqual(await readGrpcurlExamples(readme), [
        { json: '{"id":"a"}', port: 50051, method: "pkg.v1.DemoService/Get" },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
