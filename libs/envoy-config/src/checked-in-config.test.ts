import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { validateEnvoyConfig } from "@switchyard/testing";
import { platformServices } from "@switchyard/topology";
import { checkedInConfigPath, renderCheckedInConfig } from "./checked-in-config.js";

describe("checked-in envoy/envoy.yaml", () => {
  it("when the topology is rendered, then it equals the checked-in file", async () => {
    const onDisk = await readFile(checkedInConfigPath, "utf8");
    assert.equal(
      onDisk,
      renderCheckedInConfig(platformServices),
      "envoy/envoy.yaml is stale: run `npm run render -w @switchyard/envoy-config`",
    );
  });

  it("when Envoy validates it, then Envoy accepts it", async () => {
    await validateEnvoyConfig(checkedInConfigPath);
  });

  it("when a gRPC service is declared, then the file routes its prefix", async () => {
    const onDisk = await readFile(checkedInConfigPath, "utf8");
    for (const service of platformServices) {
      for (const grpcService of service.grpcServices) {
        assert.match(onDisk, new RegExp(`prefix: /${grpcService.replaceAll(".", "\\.")}/`));
      }
    }
  });
});
